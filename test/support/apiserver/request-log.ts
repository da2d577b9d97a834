// Every request the server saw, with counters, so tests can assert how many
// requests a client made and of which kind (verb, resource, status code).
import type { RequestInfo } from './request-info.js';

/** A request as the server read it (its RequestInfo, less the flag) and how it was answered. */
export interface LoggedRequest extends Omit<RequestInfo, 'isResourceRequest'> {
  method: string;
  /** The query string without `?`. */
  query: string;
  /** Status code sent; 0 while the request is still open, or when the connection was dropped. */
  code: number;
  userAgent: string;
  authorization: 'none' | 'bearer';
}

export type RequestFilter = Partial<Omit<LoggedRequest, 'path'>> & { path?: string | RegExp };

function matches(entry: LoggedRequest, filter: RequestFilter): boolean {
  for (const [key, expected] of Object.entries(filter)) {
    if (expected === undefined) continue;
    const actual = entry[key as keyof LoggedRequest];
    if (key === 'path') {
      const ok = expected instanceof RegExp ? expected.test(entry.path) : entry.path === expected;
      if (!ok) return false;
    } else if (actual !== expected) {
      return false;
    }
  }
  return true;
}

export class RequestLog {
  private readonly log: LoggedRequest[] = [];

  /** Keeps the newest `maxEntries` requests, so a long-running standalone server stays small. */
  constructor(private readonly maxEntries = 100_000) {}

  /** Records a request and returns the entry, whose `code` is filled in when the response starts. */
  record(entry: LoggedRequest): LoggedRequest {
    this.log.push(entry);
    if (this.log.length > this.maxEntries * 1.1) this.log.splice(0, this.log.length - this.maxEntries);
    return entry;
  }

  get entries(): readonly LoggedRequest[] {
    return this.log;
  }

  /** Requests that match every given field, e.g. `count({ verb: 'list', resource: 'deployments' })`. */
  filter(filter: RequestFilter = {}): LoggedRequest[] {
    return this.log.filter((entry) => matches(entry, filter));
  }

  count(filter: RequestFilter = {}): number {
    return this.filter(filter).length;
  }

  /** Counts keyed `verb resource code` (resource falls back to the path), e.g. `{ 'list deployments 200': 2, 'get /version 200': 1 }`. */
  counts(filter: RequestFilter = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.filter(filter)) {
      const what = entry.resource ? (entry.subresource ? `${entry.resource}/${entry.subresource}` : entry.resource) : entry.path;
      const key = `${entry.verb} ${what} ${entry.code}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.log.length = 0;
  }
}
