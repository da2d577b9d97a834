// One HTTP request to the API server, no retries: TLS and credentials come from
// the kubeconfig (credentials.ts); bodies are returned raw (JSON is parsed
// by the caller, so no field is dropped and no timestamp becomes a Date).
import http from 'node:http';
import https from 'node:https';
import { ClusterError } from '../../errors.js';
import { resolveCredentials, type ExecOptions } from './credentials.js';
import type { ClusterConfig } from './kubeconfig.js';
import type { Logger } from '../../log/logger.js';
import { MAX_RESPONSE_BYTES, readBody } from './read-body.js';

export interface ApiResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface Transport {
  readonly server: string;
  /** `host:port` of the server, for messages. */
  readonly hostPort: string;
  /** One attempt; rejects with the network error (code ECONNRESET, ...) when no response arrives, ResponseTooLargeError past the bound. */
  send(path: string, opts: { accept: string; signal: AbortSignal }): Promise<ApiResponse>;
  close(): void;
}

interface Prepared {
  readonly agent: http.Agent;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly rejected: () => void;
}

export interface TransportOptions {
  readonly logger: Logger;
  /** The run's signal: getting credentials (an exec plugin) stops with it. */
  readonly signal?: AbortSignal;
  readonly exec?: ExecOptions;
  /** Bound of one response body, before and after gzip (default MAX_RESPONSE_BYTES, 256 MiB). */
  readonly maxResponseBytes?: number;
}

/** Parallel requests share a few keep-alive connections. */
export const MAX_SOCKETS = 16;

export function createTransport(config: ClusterConfig, options: TransportOptions): Transport {
  const url = new URL(config.server);
  const isHttps = url.protocol === 'https:';
  const port = url.port || (isHttps ? '443' : '80');
  const basePath = url.pathname.replace(/\/$/, '');
  let prepared: Promise<Prepared> | undefined;

  return {
    server: config.server,
    hostPort: `${url.hostname}:${port}`,
    async send(path, opts) {
      prepared ??= (isHttps ? prepareHttps(config, options) : prepareHttp(config, options.logger)).catch((err: unknown) => {
        // An exec plugin that fails, an unreadable token file: the same for every request.
        throw new ClusterError(config.server, undefined, `cannot get credentials for context "${config.contextName}": ${(err as Error)?.message ?? String(err)}`, {
          cause: err,
          reason: 'auth',
        });
      });
      const { agent, headers, rejected } = await untilAborted(prepared, opts.signal);
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = (isHttps ? https : http).request({
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port,
          path: basePath + path,
          method: 'GET',
          agent,
          signal: opts.signal,
          headers: { ...headers, Accept: opts.accept, 'Accept-Encoding': 'gzip', 'User-Agent': 'kubediff' },
        });
        req.once('response', resolve);
        req.once('error', reject);
        req.end();
      });
      if (response.statusCode === 401) rejected();
      const body = await readBody(response, options.maxResponseBytes ?? MAX_RESPONSE_BYTES);
      return { status: response.statusCode ?? 0, headers: response.headers, body };
    },
    close() {
      void prepared?.then((p) => p.agent.destroy(), () => undefined);
    },
  };
}

// Getting credentials may wait on something slow (an exec plugin, stopped on
// its own timeout and the run's abort; an OIDC refresh in client-node): a
// request gives up on them when its own signal aborts.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// Our own keep-alive agent with the credentials' TLS settings, unless
// client-node made one for a proxy.
async function prepareHttps(config: ClusterConfig, options: TransportOptions): Promise<Prepared> {
  const credentials = await resolveCredentials(config, options);
  const { tls } = credentials;
  const agent =
    credentials.agent ??
    new https.Agent({
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert ? { cert: tls.cert } : {}),
      ...(tls.key ? { key: tls.key } : {}),
      ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
      ...(tls.servername ? { servername: tls.servername } : {}),
    });
  return { agent, headers: credentials.headers, rejected: credentials.rejected };
}

// Like kubectl, send no credentials over plain HTTP.
async function prepareHttp(config: ClusterConfig, logger: Logger): Promise<Prepared> {
  const user = config.user;
  if (user && (user.token || user.tokenFile || user.username || user.authProvider || user.exec || user.certData || user.certFile)) {
    logger.log('warn', 'server is plain http: credentials from the kubeconfig are not sent', { server: config.server });
  }
  return { agent: new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }), headers: {}, rejected: () => {} };
}
