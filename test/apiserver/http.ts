// A tiny JSON client for the emulated server's tests (node:http/https, no
// Kubernetes client), trusting the server's own CA over HTTPS.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ApiServer } from '../support/apiserver/index.js';

export interface CallResult {
  status: number;
  headers: { get(name: string): string | null };
  // Responses are arbitrary Kubernetes JSON; tests read fields directly.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
  token?: string;
}

function headerGetter(headers: IncomingHttpHeaders): CallResult['headers'] {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

export function call(server: ApiServer, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.accept) headers.accept = options.accept;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const url = new URL(path, server.url);
  const send = server.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ...(server.tls ? { ca: server.caCertPem } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Plain-text answers (health paths) stay text.
        }
        resolve({ status: res.statusCode ?? 0, headers: headerGetter(res.headers), body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
