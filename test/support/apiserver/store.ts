// In-memory object storage, keyed like etcd (/group/resource/namespace/name),
// with one resourceVersion counter and a bounded history of changes for watches.
import type { KubeObject } from './types.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  storageKey: string;
  namespace: string;
  object: KubeObject;
  /** The object before the change (MODIFIED only): watches with selectors need it. */
  previous?: KubeObject;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

const HISTORY_LIMIT = 5000;

function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * Stored objects are never mutated: every write replaces the object, so
 * readers may hold references without copying.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  /** Each bucket's keys in order, kept until a key is added or removed (lists are frequent, creates rarer). */
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly listeners = new Set<StoreListener>();
  private readonly history: StoreEvent[] = [];
  private revision = 1;

  currentRevision(): number {
    return this.revision;
  }

  /** Takes the next resourceVersion; seeded objects may push the counter forward. */
  nextRevision(atLeast = 0): number {
    this.revision = Math.max(this.revision + 1, atLeast);
    return this.revision;
  }

  get(storageKey: string, namespace: string, name: string): KubeObject | undefined {
    return this.buckets.get(storageKey)?.get(objectKey(namespace, name));
  }

  /** Objects of one resource, in etcd key order (namespace, then name); all namespaces when namespace is undefined. */
  list(storageKey: string, namespace?: string): KubeObject[] {
    const bucket = this.buckets.get(storageKey);
    if (!bucket) return [];
    let keys = this.sortedKeys.get(storageKey);
    if (!keys) {
      keys = [...bucket.keys()].sort();
      this.sortedKeys.set(storageKey, keys);
    }
    if (namespace === undefined) return keys.map((key) => bucket.get(key) as KubeObject);
    // One namespace is a contiguous run of the sorted keys: find where it starts.
    const prefix = `${namespace}/`;
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((keys[middle] as string) < prefix) low = middle + 1;
      else high = middle;
    }
    const result: KubeObject[] = [];
    for (let i = low; i < keys.length && (keys[i] as string).startsWith(prefix); i++) result.push(bucket.get(keys[i] as string) as KubeObject);
    return result;
  }

  count(storageKey: string): number {
    return this.buckets.get(storageKey)?.size ?? 0;
  }

  /** Stores (creates or replaces) an object and tells the watchers. */
  put(storageKey: string, namespace: string, name: string, object: KubeObject, revision: number): void {
    let bucket = this.buckets.get(storageKey);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(storageKey, bucket);
    }
    const key = objectKey(namespace, name);
    const previous = bucket.get(key);
    if (!previous) this.sortedKeys.delete(storageKey);
    bucket.set(key, object);
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', storageKey, namespace, object, previous, resourceVersion: revision });
  }

  remove(storageKey: string, namespace: string, name: string, revision: number): KubeObject | undefined {
    const bucket = this.buckets.get(storageKey);
    const key = objectKey(namespace, name);
    const previous = bucket?.get(key);
    if (!bucket || !previous) return undefined;
    bucket.delete(key);
    this.sortedKeys.delete(storageKey);
    // Like etcd, the DELETED event carries the revision of the deletion.
    const metadata = { ...(previous.metadata as KubeObject), resourceVersion: String(revision) };
    this.emit({ type: 'DELETED', storageKey, namespace, object: { ...previous, metadata }, resourceVersion: revision });
    return previous;
  }

  /** Drops a whole resource (its CRD was deleted). */
  removeAll(storageKey: string): void {
    this.buckets.delete(storageKey);
    this.sortedKeys.delete(storageKey);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after a resourceVersion, or undefined when the history no longer reaches back that far. */
  eventsSince(revision: number): StoreEvent[] | undefined {
    const oldest = this.history[0];
    if (oldest && oldest.resourceVersion > revision + 1 && this.history.length >= HISTORY_LIMIT) return undefined;
    if (revision >= this.revision) return [];
    return this.history.filter((event) => event.resourceVersion > revision);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    // Trimmed in batches so that a burst of writes (seeding) stays linear.
    if (this.history.length > 2 * HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    for (const listener of this.listeners) listener(event);
  }
}
