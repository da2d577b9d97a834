// Counts API requests by verb and result, so a run can say how many requests it
// made (and the bench can check the request budget).
import type { RequestCount } from '../result.js';

export type Verb = 'discovery' | 'get' | 'list' | 'openapi';

export interface RequestCounter {
  /** `result` is the HTTP status, or 'error' when no response arrived. */
  record(verb: Verb, result: number | 'error'): void;
  counts(): RequestCount[];
}

export function createRequestCounter(): RequestCounter {
  const byKey = new Map<string, { verb: string; result: string; count: number }>();
  return {
    record(verb, result) {
      const key = `${verb} ${result}`;
      const entry = byKey.get(key);
      if (entry) entry.count += 1;
      else byKey.set(key, { verb, result: String(result), count: 1 });
    },
    counts() {
      return [...byKey.values()]
        .map((e) => ({ ...e }))
        .sort((a, b) => a.verb.localeCompare(b.verb) || a.result.localeCompare(b.result));
    },
  };
}
