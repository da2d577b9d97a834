// One paginated LIST (limit + continue), handing each item to the caller as it
// arrives so that only the wanted objects are kept. An expired continue token
// (410 Gone) restarts the list from the beginning.
import { createHash } from 'node:crypto';
import { ClusterError } from '../../errors.js';
import type { ApiClient } from './api-client.js';
import type { ResourceInfo } from './discovery.js';
import { statusMessage } from './discovery.js';
import type { ApiResponse } from './transport.js';

export const PAGE_SIZE = 500;
const MAX_RESTARTS = 3;
/** Pages of one list (5 million objects of one type): past this, or when a continue token comes back, the server's list never ends. */
export const MAX_PAGES = 10_000;
/** Real continue tokens are a few hundred bytes. */
const MAX_TOKEN_CHARS = 16 * 1024;

type Json = Record<string, unknown>;

export function collectionPath(info: ResourceInfo, namespace: string | undefined): string {
  const segment = encodeURIComponent;
  const base = info.group ? `/apis/${segment(info.group)}/${segment(info.version)}` : `/api/${segment(info.version)}`;
  return `${base}${namespace !== undefined ? `/namespaces/${segment(namespace)}` : ''}/${segment(info.resource)}`;
}

/**
 * Lists a collection page by page. `onRestart` is called before a restart so
 * the caller can forget the items it has seen. Throws ClusterError (with the
 * HTTP status when there was one).
 */
export async function listCollection(
  client: ApiClient,
  info: ResourceInfo,
  namespace: string | undefined,
  what: string,
  onItem: (item: Json) => void,
  onRestart: () => void = () => undefined,
  maxPages: number = MAX_PAGES,
): Promise<void> {
  const path = collectionPath(info, namespace);
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  let restarts = 0;
  let token: string | undefined;
  // Hashes of the tokens of this pass: a hostile or broken server that keeps
  // answering "continue" would hold the run forever.
  const tokens = new Set<string>();
  const endless = (why: string) => new ClusterError(what, 200, `the API server's list of ${what} does not end: ${why}`, { reason: 'http' });
  for (;;) {
    const query = `?limit=${PAGE_SIZE}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const response = await client.request('list', path + query, what);
    if (response.status === 410 && token !== undefined && restarts < MAX_RESTARTS) {
      restarts++;
      token = undefined;
      tokens.clear();
      onRestart();
      continue;
    }
    if (response.status !== 200) throw httpError(what, `list ${info.resource}${namespace ? ` in namespace ${namespace}` : ''}`, response);
    const page = parseJson(what, response);
    // `items: null` is how Go writes an empty list; no items at all (a proxy's
    // page, a Status) is not a list, and reading it as empty would report every
    // wanted object missing.
    if (page.items !== null && !Array.isArray(page.items)) {
      throw new ClusterError(what, response.status, `the API server's answer for ${what} is not a list (no items)`, { reason: 'http' });
    }
    for (const item of (page.items ?? []) as Json[]) {
      // Items of a list carry no apiVersion/kind; a GET would return them.
      onItem({ apiVersion, kind: info.kind, ...item });
    }
    const next = (page.metadata as Json | undefined)?.continue;
    if (typeof next !== 'string' || next === '') return;
    if (next.length > MAX_TOKEN_CHARS) throw endless(`a continue token of ${next.length} characters`);
    const hash = createHash('sha256').update(next).digest('base64');
    if (tokens.has(hash)) throw endless('a continue token came back');
    if (tokens.size >= maxPages) throw endless(`more than ${maxPages} pages`);
    tokens.add(hash);
    token = next;
  }
}

export function httpError(what: string, action: string, response: ApiResponse): ClusterError {
  const forbidden = response.status === 401 || response.status === 403;
  return new ClusterError(what, response.status, `${action} failed: HTTP ${response.status}${statusMessage(response)}`, {
    reason: forbidden ? 'forbidden' : 'http',
  });
}

export function parseJson(what: string, response: ApiResponse): Json {
  try {
    const value = JSON.parse(response.body.toString('utf8')) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch (err) {
    throw new ClusterError(what, response.status, `the API server returned invalid JSON for ${what}`, { cause: err, reason: 'http' });
  }
  throw new ClusterError(what, response.status, `the API server returned a non-object for ${what}`, { reason: 'http' });
}
