// The HTTP server: dispatches through a RouteTable, puts security headers on
// every response, and never lets a failing handler take the process down.
// --web.config.file (src/webconfig/) makes it HTTPS and guards every request.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubediffError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { sendText, type RouteTable } from './routes.js';

/** Same-origin scripts and styles only; no inline script, no framing, no external anything. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** The server could not listen on the address (in use, not allowed, unknown host). */
export class ListenError extends KubediffError {
  constructor(
    readonly address: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface WebServer {
  /** e.g. http://127.0.0.1:9152 (the real bound port). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, ends idle ones, and closes the rest after a moment. */
  close(): Promise<void>;
}

export interface WebServerOptions {
  readonly routes: RouteTable;
  /** undefined: every interface. */
  readonly host: string | undefined;
  readonly port: number;
  /** As the user gave it, for error messages. */
  readonly address: string;
  readonly logger: Logger;
  /** Creates the server instead of plain HTTP, e.g. HTTPS from the web config. */
  readonly createServer?: (listener: RequestListener) => Server;
  /** Runs before any route (basic authentication, headers); false: it has answered. */
  readonly guard?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  /** Bounds on clients (default CONNECTION_LIMITS). */
  readonly limits?: ConnectionLimits;
}

/**
 * What one client may hold. Every connection is a file descriptor: without a
 * bound, idle or slow (slowloris) clients could take them all, and then the
 * runner could open no manifest and start no command. Prometheus, probes and
 * a few browsers need a handful; headers arrive in milliseconds.
 */
export interface ConnectionLimits {
  readonly maxConnections: number;
  /** Until the request's headers are complete (Node answers 408 and closes). */
  readonly headersTimeoutMs: number;
  /** Until the whole request is received. */
  readonly requestTimeoutMs: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = { maxConnections: 256, headersTimeoutMs: 15_000, requestTimeoutMs: 60_000 };

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const listener: RequestListener = (request, response) => {
    void dispatch(options, request, response);
  };
  const server = options.createServer ? options.createServer(listener) : createServer(listener);
  const limits = options.limits ?? CONNECTION_LIMITS;
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  await listen(server, options);
  const bound = server.address() as AddressInfo;
  const host = options.host === undefined || bound.address === '::' || bound.address === '0.0.0.0' ? 'localhost' : bound.address;
  const scheme = server instanceof HttpsServer ? 'https' : 'http';
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${bound.port}`;
  return { url, port: bound.port, close: () => closeServer(server) };
}

function listen(server: Server, { host, port, address }: WebServerOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'address already in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new ListenError(address, `cannot listen on ${address}: ${why}`, { cause: error }));
    });
    server.listen({ host, port }, () => resolve());
  });
}

async function dispatch(options: WebServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  if (options.guard && !(await guarded(options, request, response))) return;
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://localhost');
  } catch {
    sendText(response, 400, 'bad request\n');
    return;
  }
  const match = options.routes.match(request.method ?? 'GET', url.pathname);
  if (match.kind === 'not-found') {
    sendText(response, 404, `not found: ${url.pathname}\n`);
    return;
  }
  if (match.kind === 'method-not-allowed') {
    sendText(response, 405, `method ${request.method} not allowed on ${url.pathname}\n`, { Allow: match.allow.join(', ') });
    return;
  }
  try {
    await match.handler(request, response, url);
  } catch (error) {
    options.logger.log('error', 'request failed', {
      method: request.method,
      path: url.pathname,
      error: error instanceof Error ? error.message : String(error),
    });
    if (!response.headersSent) sendText(response, 500, 'internal error\n');
    else response.destroy();
  }
}

/** The guard's verdict; a guard that fails answers 500 and lets nothing through. */
async function guarded(options: WebServerOptions, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  try {
    return await (options.guard as NonNullable<WebServerOptions['guard']>)(request, response);
  } catch (error) {
    options.logger.log('error', 'request guard failed', { method: request.method, error: error instanceof Error ? error.message : String(error) });
    if (!response.headersSent) sendText(response, 500, 'internal error\n');
    return false;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // Keep-alive connections in the middle of a request get a moment to finish.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}
