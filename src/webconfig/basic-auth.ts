// HTTP basic authentication against bcrypt hashes, as exporter-toolkit does
// it, with bcrypt's cost kept in bounds. A check costs one bcrypt
// comparison (pure JavaScript, ~0.1-1 s at cost 10 on a busy 2-core machine)
// only the first time a user and password are seen: outcomes are cached, so
// Prometheus scraping every 15 s and a page that refreshes itself cost
// nothing after their first request, and a scraper with a wrong password
// costs one comparison, not one per scrape. Successes and failures have
// separate caches, so a flood of wrong passwords cannot evict the right ones.
// Comparisons run one at a time (as exporter-toolkit's mutex does), with a
// bounded queue: beyond it a request is told to come back (429) instead of
// piling up. An unknown user is compared with a hash of the same cost as the
// configured ones, so the time taken does not tell which users exist.
import { createHmac, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { BCRYPT_HASH } from './parse.js';

export type AuthOutcome = 'ok' | 'unauthorized' | 'busy';

export interface BasicAuthOptions {
  /** Comparisons waiting or running at most; more are refused as busy. Default 8. */
  readonly maxPending?: number;
  /** Outcomes kept per cache (successes, failures). Default 100. */
  readonly cacheSize?: number;
  /** bcrypt, passed in so tests can count comparisons; default bcryptjs. */
  readonly bcrypt?: Bcrypt;
}

export interface Bcrypt {
  compare(password: string, hash: string): Promise<boolean>;
  hash(password: string, cost: number): Promise<string>;
}

export class BasicAuthenticator {
  private readonly maxPending: number;
  private readonly cacheSize: number;
  private readonly bcrypt: Bcrypt;
  // Cache keys are HMACs under a key that lives only in this process: no password is kept.
  private readonly cacheKey = randomBytes(32);
  private readonly successes = new Map<string, true>();
  private readonly failures = new Map<string, false>();
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly dummyHashes = new Map<number, Promise<string>>();
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(options: BasicAuthOptions = {}) {
    this.maxPending = options.maxPending ?? 8;
    this.cacheSize = options.cacheSize ?? 100;
    this.bcrypt = options.bcrypt ?? { compare: (password, hash) => bcrypt.compare(password, hash), hash: (password, cost) => bcrypt.hash(password, cost) };
  }

  /** Makes the stand-in hash for unknown users ahead of the first request (one bcrypt at that cost). */
  prepare(users: ReadonlyMap<string, string>): void {
    void this.dummyHash(users).catch(() => {});
  }

  /** Checks an Authorization header against the users (name -> bcrypt hash). */
  async check(users: ReadonlyMap<string, string>, authorization: string | undefined): Promise<AuthOutcome> {
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) return 'unauthorized';
    const known = users.get(credentials.user);
    const hash = known ?? (await this.dummyHash(users));
    const key = createHmac('sha256', this.cacheKey).update(JSON.stringify([credentials.user, hash, credentials.password])).digest('base64');
    const cached = this.successes.get(key) ?? this.failures.get(key);
    let matches: boolean;
    if (cached !== undefined) {
      matches = cached;
    } else {
      const running = this.inFlight.get(key);
      if (running) {
        matches = await running;
      } else {
        if (this.pending >= this.maxPending) return 'busy';
        const comparison = this.compare(credentials.password, hash);
        this.inFlight.set(key, comparison);
        try {
          matches = await comparison;
        } finally {
          this.inFlight.delete(key);
        }
        this.remember(key, matches);
      }
    }
    return matches && known !== undefined ? 'ok' : 'unauthorized';
  }

  private compare(password: string, hash: string): Promise<boolean> {
    this.pending += 1;
    const result = this.queue.then(() => this.bcrypt.compare(password, hash)).finally(() => (this.pending -= 1));
    this.queue = result.catch(() => {});
    return result;
  }

  private remember(key: string, matches: boolean): void {
    const cache: Map<string, boolean> = matches ? this.successes : this.failures;
    if (cache.size >= this.cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(key, matches);
  }

  private dummyHash(users: ReadonlyMap<string, string>): Promise<string> {
    const costs = [...users.values()].map((hash) => Number(BCRYPT_HASH.exec(hash)?.[1])).filter(Number.isInteger);
    const cost = costs.length > 0 ? Math.max(...costs) : 10;
    let hash = this.dummyHashes.get(cost);
    if (!hash) {
      hash = this.bcrypt.hash(randomBytes(18).toString('base64'), cost);
      this.dummyHashes.set(cost, hash);
    }
    return hash;
  }
}

/** `Basic base64(user:password)`, as Go's Request.BasicAuth reads it; undefined when it is not that. */
export function parseBasicAuthorization(header: string | undefined): { user: string; password: string } | undefined {
  if (header === undefined || header.length < 6 || header.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const encoded = header.slice(6);
  if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
