// A small route table: exact paths, one handler per method. GET routes also
// answer HEAD. Other engineers' features add routes here (e.g. POST /-/sync).
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

export interface Route {
  readonly method: HttpMethod;
  /** Exact path, e.g. `/api/status`. */
  readonly path: string;
  readonly handler: RouteHandler;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: RouteHandler }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] };

export class RouteTable {
  private readonly byPath = new Map<string, Map<string, RouteHandler>>();

  /** Adds routes; a second handler for the same method and path is a programming error. */
  add(...routes: readonly Route[]): this {
    for (const route of routes) {
      const methods = this.byPath.get(route.path) ?? new Map<string, RouteHandler>();
      if (methods.has(route.method)) throw new Error(`route ${route.method} ${route.path} is already defined`);
      methods.set(route.method, route.handler);
      this.byPath.set(route.path, methods);
    }
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const methods = this.byPath.get(path);
    if (!methods) return { kind: 'not-found' };
    const handler = methods.get(method === 'HEAD' ? 'GET' : method);
    if (handler) return { kind: 'found', handler };
    const allow = [...methods.keys()];
    if (methods.has('GET')) allow.push('HEAD');
    return { kind: 'method-not-allowed', allow: allow.sort() };
  }
}

/** Sends a small plain-text response. */
export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(text);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${JSON.stringify(value, null, 2)}\n`);
}

export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(html);
}
