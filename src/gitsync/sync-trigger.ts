// Decides what a sync notification does: git-sync's webhook (POST /-/sync
// with the commit in Gitsync-Hash) or a change of the link seen by --watch.
// A commit already checked, or already asked for, needs no run; otherwise a
// run is requested from the scheduler (which coalesces: a request during a
// run gives exactly one follow-up run), within a token-bucket rate limit.
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../log/logger.js';
import type { CheckoutState } from './checkout-state.js';
import { TokenBucket } from './token-bucket.js';

export type SyncSource = 'webhook' | 'watch';

export type SyncDecision =
  | { readonly result: 'triggered' }
  /** The commit was already checked, or a run for it is already requested. */
  | { readonly result: 'duplicate'; readonly hash: string }
  | { readonly result: 'limited'; readonly retryAfterMs: number };

export interface SyncTriggerOptions {
  /** The scheduler's trigger: start a run now, or one follow-up after the current run. */
  readonly requestRun: () => void;
  readonly state: CheckoutState;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly now?: () => number;
  /** Runs that may be triggered at once (default 3). */
  readonly burst?: number;
  /** Then one more every this many ms (default 5000). */
  readonly refillMs?: number;
}

export const DEFAULT_SYNC_BURST = 3;
export const DEFAULT_SYNC_REFILL_MS = 5000;

export class SyncTrigger {
  private readonly bucket: TokenBucket;
  private readonly requests: Counter<'source' | 'result'>;
  /** The commit of the last triggered run, until a run started after the trigger has ended. */
  private pending: { readonly hash: string; readonly runsStartedBefore: number } | undefined;

  constructor(private readonly options: SyncTriggerOptions) {
    this.bucket = new TokenBucket({
      capacity: options.burst ?? DEFAULT_SYNC_BURST,
      refillMs: options.refillMs ?? DEFAULT_SYNC_REFILL_MS,
      now: options.now ?? Date.now,
    });
    this.requests = new Counter({
      name: 'kubediff_sync_requests_total',
      help: 'Sync notifications (git-sync webhook, link watch) by what they did: triggered a run, duplicate, limited.',
      labelNames: ['source', 'result'],
      registers: [options.registry],
    });
  }

  /** `hash`: the commit that was synced, when known (lowercase hex). */
  request(source: SyncSource, hash: string | undefined): SyncDecision {
    const decision = this.decide(hash);
    this.requests.inc({ source, result: decision.result });
    this.options.logger.log('info', 'sync notification', { source, ...(hash ? { hash } : {}), ...decision });
    return decision;
  }

  private decide(hash: string | undefined): SyncDecision {
    if (hash !== undefined && (hash === this.options.state.lastCheckedHash || hash === this.pendingHash())) {
      return { result: 'duplicate', hash };
    }
    const taken = this.bucket.take();
    if (!taken.ok) return { result: 'limited', retryAfterMs: taken.retryAfterMs };
    this.pending = hash === undefined ? undefined : { hash, runsStartedBefore: this.options.state.runsStarted };
    this.options.requestRun();
    return { result: 'triggered' };
  }

  private pendingHash(): string | undefined {
    const { pending } = this;
    if (pending === undefined || this.options.state.lastFinishedRun > pending.runsStartedBefore) return undefined;
    return pending.hash;
  }
}
