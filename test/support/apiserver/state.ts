// Everything the request handlers share: what is served, what is stored, the clock.
import { randomBytes } from 'node:crypto';
import type { Controllers } from './controllers/index.js';
import type { ResourceRegistry } from './registry.js';
import type { ObjectStore } from './store.js';

export interface ServerState {
  readonly registry: ResourceRegistry;
  readonly store: ObjectStore;
  readonly now: () => Date;
  /** Continue tokens issued before this epoch are expired (410 Gone). */
  continueEpoch: number;
  /** Continue tokens older than this are expired, like etcd compaction (default: never). */
  continueTokenTtlMs: number | undefined;
  /** Next free ClusterIP host number in 10.96.0.0/12 for Services. */
  nextClusterIp: number;
  /** How long a deleted namespace stays Terminating before it and its objects are gone. */
  namespaceDeletionDelayMs: number;
  /** Runs work later (controllers); the server cancels what is pending when it closes. */
  later(work: () => void, delayMs: number): void;
  /** What kube-controller-manager and the kubelet write back (controllers/). */
  readonly controllers: Controllers;
}

/** RFC 3339 to the second, as metadata timestamps are. */
export function timestamp(state: Pick<ServerState, 'now'>): string {
  return state.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The random suffix generateName gets: five characters from the API server's alphabet. */
export function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join('');
}
