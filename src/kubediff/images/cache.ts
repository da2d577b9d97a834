// What the image check remembers between runs of prom-run's built-in
// checker, in memory only: the last answer for each image (so an available
// image is asked again only every --image-recheck), how each registry wants
// to be authenticated, bearer tokens until they expire, and registries that
// asked us to wait (429 Retry-After). Every map is bounded, and answers for
// images no longer in git are dropped after each run, so it stays small.

import type { ImageStatus } from './types.js';

export interface CachedAnswer {
  readonly status: ImageStatus;
  readonly message?: string;
  readonly digest?: string;
  /** When the registry answered (ms since the epoch). */
  readonly checkedAt: number;
}

/** How a registry answered a request without credentials: a token service to ask, or basic auth. */
export type AuthScheme = { readonly scheme: 'bearer'; readonly realm: string; readonly service?: string } | { readonly scheme: 'basic' };

export interface CachedToken {
  readonly token: string;
  /** Repositories the token was asked for. */
  readonly repositories: ReadonlySet<string>;
  readonly expiresAt: number;
}

export const MAX_CACHED_ANSWERS = 10_000;
const MAX_REGISTRIES = 500;
const MAX_TOKENS = 2_000;

export class ImageCache {
  private readonly answers = new Map<string, CachedAnswer>();
  private readonly schemes = new Map<string, AuthScheme>();
  private readonly tokens = new Map<string, CachedToken[]>();
  private readonly pauses = new Map<string, number>();

  answer(reference: string): CachedAnswer | undefined {
    return this.answers.get(reference);
  }

  remember(reference: string, answer: CachedAnswer): void {
    this.answers.delete(reference); // re-insert: Map order is then oldest first
    this.answers.set(reference, answer);
    evictOldest(this.answers, MAX_CACHED_ANSWERS);
  }

  /** Forgets the answers for images that are not in this set (those of the run just finished). */
  retain(references: ReadonlySet<string>): void {
    for (const reference of this.answers.keys()) if (!references.has(reference)) this.answers.delete(reference);
  }

  authScheme(registry: string): AuthScheme | undefined {
    return this.schemes.get(registry);
  }

  rememberAuthScheme(registry: string, scheme: AuthScheme): void {
    this.schemes.delete(registry);
    this.schemes.set(registry, scheme);
    evictOldest(this.schemes, MAX_REGISTRIES);
  }

  /** A token still valid at `now` that was asked for this repository, under `key` (registry, realm, credential). */
  token(key: string, repository: string, now: number): CachedToken | undefined {
    const list = this.tokens.get(key);
    if (!list) return undefined;
    const valid = list.filter((t) => t.expiresAt > now);
    if (valid.length !== list.length) {
      if (valid.length === 0) this.tokens.delete(key);
      else this.tokens.set(key, valid);
    }
    return valid.find((t) => t.repositories.has(repository));
  }

  rememberToken(key: string, token: CachedToken): void {
    const list = this.tokens.get(key) ?? [];
    list.push(token);
    this.tokens.delete(key);
    this.tokens.set(key, list.slice(-MAX_TOKENS));
    evictOldest(this.tokens, MAX_REGISTRIES);
    let total = 0;
    for (const l of this.tokens.values()) total += l.length;
    for (const [k, l] of this.tokens) {
      if (total <= MAX_TOKENS) break;
      total -= l.length;
      this.tokens.delete(k);
    }
  }

  forgetToken(key: string, token: string): void {
    const list = this.tokens.get(key)?.filter((t) => t.token !== token);
    if (list === undefined) return;
    if (list.length === 0) this.tokens.delete(key);
    else this.tokens.set(key, list);
  }

  /** When a registry that answered 429 may be asked again (ms since the epoch), if later than now. */
  pausedUntil(registry: string, now: number): number | undefined {
    const until = this.pauses.get(registry);
    if (until === undefined) return undefined;
    if (until <= now) {
      this.pauses.delete(registry);
      return undefined;
    }
    return until;
  }

  pause(registry: string, until: number): void {
    this.pauses.delete(registry);
    this.pauses.set(registry, until);
    evictOldest(this.pauses, MAX_REGISTRIES);
  }

  /** Never serialized with its tokens, even by accident (a log line, a JSON dump). */
  toJSON(): Record<string, number> {
    return this.size;
  }

  /** Entries held, for tests and the bound. */
  get size(): { answers: number; registries: number; tokens: number; pauses: number } {
    let tokens = 0;
    for (const list of this.tokens.values()) tokens += list.length;
    return { answers: this.answers.size, registries: this.schemes.size, tokens, pauses: this.pauses.size };
  }
}

function evictOldest<K, V>(map: Map<K, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}
