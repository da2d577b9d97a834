// One HTTP request to a registry or its token service, no retries: a
// deadline per request, the run's abort signal, a bound on the body read,
// keep-alive connections shared by the run, the CA bundle if one is given
// (added to Node's public roots, so public registries keep working), and
// HTTPS_PROXY/HTTP_PROXY/NO_PROXY (proxy.ts; tunnel.ts for https targets).
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { RegistryNetworkError } from './http-error.js';
import { describeProxy, proxyAuthorization, proxyFor, type ProxySetting } from './proxy.js';
import { createTunnelAgent } from './tunnel.js';

export { RegistryNetworkError };

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpRequest {
  readonly method: 'HEAD' | 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** A longer body is an error (HEAD has none; a token answer is small). */
  readonly maxBodyBytes: number;
}

export interface HttpTransport {
  request(url: URL, request: HttpRequest): Promise<HttpAnswer>;
  close(): void;
}

export interface HttpTransportOptions {
  /** PEM bundle trusted on top of Node's roots (--registry-ca-file). */
  readonly ca?: string;
  readonly timeoutMs: number;
  /** Connections per host. */
  readonly maxSockets: number;
  /** From the environment (proxyFromEnv); none: every request goes direct. */
  readonly proxy?: ProxySetting;
}

/** How one request is sent: the module, its options, and the agent whose connections it uses. */
interface Route {
  readonly module: typeof http | typeof https;
  readonly options: https.RequestOptions;
  /** The proxy's host, for messages. */
  readonly via?: string;
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const tls = { ...(options.ca === undefined ? {} : { ca: [...rootCertificates, options.ca] }) };
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxSockets, ...tls });
  // One tunnelling agent per proxy (there are at most two: HTTP_PROXY's and HTTPS_PROXY's).
  const tunnels = new Map<string, https.Agent>();
  const route = (url: URL, headers: Readonly<Record<string, string>>): Route => {
    const proxy = options.proxy ? proxyFor(options.proxy, url) : undefined;
    if (!proxy) return { module: url.protocol === 'https:' ? https : http, options: { agent: url.protocol === 'https:' ? httpsAgent : httpAgent, headers } };
    if (url.protocol === 'https:') {
      let agent = tunnels.get(proxy.href);
      if (!agent) {
        agent = createTunnelAgent(proxy, { keepAlive: true, maxSockets: options.maxSockets, ...tls }, options.timeoutMs);
        tunnels.set(proxy.href, agent);
      }
      return { module: https, options: { agent, headers }, via: describeProxy(proxy) };
    }
    // Plain http through a proxy: the request goes to the proxy, naming the whole URL.
    const authorization = proxyAuthorization(proxy);
    return {
      module: http,
      options: {
        agent: httpAgent,
        hostname: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: proxy.port || 80,
        path: url.href,
        headers: { ...headers, host: url.host, ...(authorization ? { 'proxy-authorization': authorization } : {}) },
      },
      via: describeProxy(proxy),
    };
  };
  return {
    request: (url, request) => send(url, request, route(url, request.headers), options.timeoutMs),
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
      for (const agent of tunnels.values()) agent.destroy();
    },
  };
}

function send(url: URL, request: HttpRequest, route: Route, timeoutMs: number): Promise<HttpAnswer> {
  const signal = AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]);
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(request.signal, timeoutMs));
      return;
    }
    let req: http.ClientRequest;
    try {
      req = route.options.hostname === undefined ? route.module.request(url, { method: request.method, ...route.options }) : route.module.request({ method: request.method, ...route.options });
    } catch (error) {
      // An invalid header value (a hostile token service's token): never thrown past the run.
      reject(new RegistryNetworkError('EREQUEST', `${url.host}: the request could not be made (${(error as NodeJS.ErrnoException).code ?? 'invalid request'})`, { cause: error }));
      return;
    }
    const onAbort = () => req.destroy(abortError(request.signal, timeoutMs));
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      done();
      reject(error instanceof RegistryNetworkError ? error : networkError(error, url, route.via));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > request.maxBodyBytes) {
          req.destroy(new RegistryNetworkError('EBODYTOOLARGE', `the answer from ${url.host} is larger than ${request.maxBodyBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        done();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, total) });
      });
      res.on('error', () => undefined); // req's error handler reports it
    });
    req.end(request.body);
  });
}

function abortError(runSignal: AbortSignal, timeoutMs: number): RegistryNetworkError {
  if (runSignal.aborted) {
    const reason: unknown = runSignal.reason;
    return new RegistryNetworkError('ABORTED', `the run was cancelled${reason instanceof Error ? `: ${reason.message}` : ''}`, { cause: reason });
  }
  return new RegistryNetworkError('ETIMEDOUT', `no answer within ${timeoutMs / 1000}s`);
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'no such host (DNS)',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  EPIPE: 'connection closed',
};

function networkError(error: Error, url: URL, via: string | undefined): RegistryNetworkError {
  const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
  const words = NETWORK_WORDS[code] ?? (code.startsWith('ERR_TLS') || /CERT|SSL|SELF_SIGNED|UNABLE_TO/.test(code) ? `TLS: ${error.message}` : error.message);
  return new RegistryNetworkError(code, `${url.host}${via ? ` (through the proxy ${via})` : ''}: ${words}`, { cause: error });
}
