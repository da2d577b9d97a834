// A tiny JSON client for the emulated server's tests (plain fetch, no Kubernetes client).
import type { ApiServer } from '../support/apiserver/index.js';

export interface CallResult {
  status: number;
  headers: Headers;
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

export async function call(server: ApiServer, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.accept) headers.accept = options.accept;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Plain-text answers (health paths) stay text.
  }
  return { status: response.status, headers: response.headers, body };
}
