// A token bucket: up to `capacity` requests at once, then one more every
// `refillMs`. Keeps a flood of sync requests from keeping the checker busy.
export interface TokenBucketOptions {
  readonly capacity: number;
  readonly refillMs: number;
  /** Epoch ms; passed in so tests need no sleeping. */
  readonly now: () => number;
}

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.tokens = options.capacity;
    this.updatedAt = options.now();
  }

  take(): TakeResult {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - this.tokens) * this.options.refillMs) };
  }

  private refill(): void {
    const now = this.options.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.options.capacity, this.tokens + elapsed / this.options.refillMs);
    this.updatedAt = now;
  }
}
