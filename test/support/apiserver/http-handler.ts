// One request from arrival to response: request log, latency, authentication,
// injected faults, 403 rules, body parsing, routing, and errors as Status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ANONYMOUS, rbacAllows, type Identity } from './auth.js';
import type { Faults } from './faults.js';
import type { RequestLog } from './request-log.js';
import { parseRequestInfo, type RequestInfo } from './request-info.js';
import { route, type RouteContext } from './routes.js';
import { ApiError, badRequest, forbidden, internalError, notFoundPath, serviceUnavailable, tooManyRequests, unauthorized, unsupportedMediaType } from './status.js';

export interface HandlerOptions extends RouteContext {
  log: RequestLog;
  faults: Faults;
  /** Bearer tokens the server knows, and who they stand for. */
  tokens: Map<string, Identity>;
  /** Requests without a token get 401 (HTTPS), except on /version and health paths. */
  requireToken: boolean;
  /** AlwaysAllow, or RBAC from the stored Roles, ClusterRoles and bindings. */
  authorization: 'AlwaysAllow' | 'RBAC';
  /** Ends open watches and hung requests when the server closes. */
  closing: AbortSignal;
}

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', headers: Record<string, string | string[]> = {}): void {
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const contentType = String(req.headers['content-type'] ?? 'application/json');
  if (contentType.includes('protobuf')) throw unsupportedMediaType(contentType);
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding request body: ${(error as Error).message}`);
  }
}

function authenticate(options: HandlerOptions, req: IncomingMessage, path: string): Identity {
  const header = req.headers.authorization;
  if (header === undefined) {
    if (options.requireToken && !PUBLIC_PATHS.has(path)) throw unauthorized();
    return ANONYMOUS;
  }
  const identity = header.startsWith('Bearer ') ? options.tokens.get(header.slice('Bearer '.length)) : undefined;
  if (identity) return identity;
  // A wrong token is refused wherever tokens are checked; without any configured, headers are ignored.
  if (options.tokens.size > 0) throw unauthorized();
  return ANONYMOUS;
}

function authorized(options: HandlerOptions, identity: Identity, info: RequestInfo): boolean {
  if (options.authorization === 'AlwaysAllow' || PUBLIC_PATHS.has(info.path)) return true;
  // Discovery and OpenAPI are readable by every authenticated user (system:discovery).
  if (!info.isResourceRequest && info.verb === 'get' && identity.groups.includes('system:authenticated')) return true;
  // So is asking what one may do (system:basic-user).
  if (info.group === 'authorization.k8s.io' && info.resource === 'selfsubjectaccessreviews' && identity.groups.includes('system:authenticated')) return true;
  return rbacAllows(options.state, identity, info);
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** Returns true when the fault took the request over (dropped or hung). */
function injectFault(options: HandlerOptions, info: RequestInfo, req: IncomingMessage): boolean {
  const fault = options.faults.take(info);
  if (!fault) return false;
  if ('drop' in fault) {
    req.socket.destroy();
    return true;
  }
  if ('hang' in fault) return true;
  if (fault.status === 429) throw tooManyRequests(fault.retryAfterSeconds ?? 1);
  if (fault.status === 503) throw serviceUnavailable();
  if (fault.status === 404) throw notFoundPath();
  throw internalError('injected fault');
}

export function createRequestHandler(options: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    const entry = options.log.record({
      method: req.method ?? 'GET', path: url.pathname, query: url.search.replace(/^\?/, ''), verb: info.verb,
      group: info.group, version: info.version, resource: info.resource, subresource: info.subresource,
      namespace: info.namespace, name: info.name, code: 0, userAgent: String(req.headers['user-agent'] ?? ''),
      authorization: req.headers.authorization ? 'bearer' : 'none',
    });
    // The log's code is set as the status line goes out, before the client can see the response.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((code: number, ...rest: unknown[]) => {
      entry.code = code;
      return writeHead(code, ...rest);
    }) as typeof res.writeHead;
    const requestAbort = new AbortController();
    const abort = (): void => requestAbort.abort();
    options.closing.addEventListener('abort', abort, { once: true });
    res.on('close', () => {
      options.closing.removeEventListener('abort', abort);
      abort();
    });
    void handle(options, info, url, req, res, requestAbort.signal);
  };
}

async function handle(options: HandlerOptions, info: RequestInfo, url: URL, req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
  try {
    if (options.faults.latencyMs > 0) await wait(options.faults.latencyMs, signal);
    const identity = authenticate(options, req, url.pathname);
    if (injectFault(options, info, req)) return;
    if (options.faults.isForbidden(info) || !authorized(options, identity, info)) {
      const type = options.state.registry.find(info.group, info.version, info.resource);
      throw forbidden(type, type ? info.name || undefined : info.path, info.verb, info.namespace || undefined, identity.user);
    }
    const body = await readBody(req);
    const result = route(options, { info, query: url.searchParams, headers: req.headers, body, signal, identity, authorize: (who, what) => authorized(options, who, what) }, res);
    if ('streaming' in result) return;
    sendJson(res, result.code, result.body, 'contentType' in result ? result.contentType : 'application/json', 'headers' in result ? result.headers : {});
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const apiError = error instanceof ApiError ? error : internalError((error as Error).message);
    sendJson(res, apiError.code, apiError.toStatus(), 'application/json', apiError.headers);
  }
}
