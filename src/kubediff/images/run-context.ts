// What one run's registry requests share: the transport, the cache that
// outlives the run, the request budget, the per-registry request counts, the
// registries found unreachable (not asked again this run), and the clock.
// `send` is the only way a request is made: it spends the budget, counts,
// honours 429 Retry-After (waiting when the wait is short, else pausing the
// registry across runs) and retries a 5xx or a reset connection once.
import type { ImageCache } from './cache.js';
import { RegistryNetworkError, type HttpAnswer, type HttpRequest, type HttpTransport } from './http.js';
import type { RegistryRequestCount } from './types.js';

export interface RunContext {
  readonly transport: HttpTransport;
  readonly cache: ImageCache;
  readonly budget: { readonly limit: number; used: number };
  readonly counts: Map<string, RegistryRequestCount>;
  /** Registries that could not be reached this run, with why. */
  readonly down: Map<string, string>;
  /** Plain-http registries and token services (host[:port], lowercase). */
  readonly insecure: ReadonlySet<string>;
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Longest Retry-After (or 5xx back-off) waited for within a run; longer pauses the registry instead. */
  readonly maxWaitMs: number;
}

/** Why a request was not made (budget spent, registry paused or down): the image is not asked this run. */
export interface NotSent {
  readonly notSent: string;
  readonly because: 'budget' | 'paused';
}

/** A request that got no HTTP answer. */
export interface Unreachable {
  readonly unreachable: string;
}

const MAX_ATTEMPTS_429 = 3;
const DEFAULT_429_WAIT_MS = 60_000;
const RETRY_5XX_MS = 1_000;

export async function send(
  context: RunContext,
  registry: string,
  kind: 'manifest' | 'token',
  url: URL,
  request: Omit<HttpRequest, 'signal'>,
): Promise<HttpAnswer | NotSent | Unreachable> {
  for (let attempt = 1; ; attempt++) {
    const blocked = whyNotSend(context, registry);
    if (blocked) return blocked;
    context.budget.used++;
    let answer: HttpAnswer;
    try {
      answer = await context.transport.request(url, { ...request, signal: context.signal });
    } catch (error) {
      count(context, registry, kind, 'error');
      if (!(error instanceof RegistryNetworkError) || error.code === 'ABORTED') throw context.signal.aborted ? context.signal.reason : error;
      if (error.code === 'ECONNRESET' && attempt === 1) continue;
      context.down.set(registry, error.message);
      return { unreachable: error.message };
    }
    count(context, registry, kind, String(answer.status));
    if (answer.status === 429) {
      const wait = retryAfterMs(answer.headers['retry-after'], context.now());
      if (attempt < MAX_ATTEMPTS_429 && wait !== undefined && wait <= context.maxWaitMs) {
        await context.sleep(wait, context.signal);
        continue;
      }
      const until = context.now() + (wait ?? DEFAULT_429_WAIT_MS);
      context.cache.pause(registry, until);
      return { notSent: `${registry} asked us to wait (HTTP 429) until ${new Date(until).toISOString()}`, because: 'paused' };
    }
    if (answer.status >= 500 && attempt === 1) {
      const wait = retryAfterMs(answer.headers['retry-after'], context.now()) ?? RETRY_5XX_MS;
      if (wait <= context.maxWaitMs) {
        await context.sleep(wait, context.signal);
        continue;
      }
    }
    return answer;
  }
}

function whyNotSend(context: RunContext, registry: string): NotSent | undefined {
  const paused = context.cache.pausedUntil(registry, context.now());
  if (paused !== undefined) return { notSent: `${registry} asked us to wait (HTTP 429) until ${new Date(paused).toISOString()}`, because: 'paused' };
  if (context.budget.used >= context.budget.limit) return { notSent: `the request budget of this run (${context.budget.limit}, --image-requests) is spent`, because: 'budget' };
  return undefined;
}

function count(context: RunContext, registry: string, kind: 'manifest' | 'token', result: string): void {
  const key = `${registry}\u0000${kind}\u0000${result}`;
  const previous = context.counts.get(key);
  context.counts.set(key, { registry, kind, result, count: (previous?.count ?? 0) + 1 });
}

/** Retry-After as delay-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isNotSent(value: unknown): value is NotSent {
  return typeof value === 'object' && value !== null && 'notSent' in value;
}

export function isUnreachable(value: unknown): value is Unreachable {
  return typeof value === 'object' && value !== null && 'unreachable' in value;
}
