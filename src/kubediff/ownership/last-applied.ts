// Ownership from the `kubectl.kubernetes.io/last-applied-configuration`
// annotation that client-side `kubectl apply` keeps: what it holds, git owned,
// and kubectl's three-way patch deletes what it holds and git no longer has.

import type { LiveOnlyVerdict, Owned } from '../compare/owned.js';
import { indexByKey, itemKey, type ListStrategy } from '../compare/merge-keys.js';
import { isMap } from '../compare/values.js';

const WHOLE: LiveOnlyVerdict = { reason: 'removed-from-git', byParts: false };
const PARTS: LiveOnlyVerdict = { reason: 'removed-from-git', byParts: true };

/** The node for a value of the last-applied configuration; undefined when there is none. */
export function lastAppliedOwned(value: unknown): Owned | undefined {
  return value === undefined || value === null ? undefined : new LastAppliedNode(value, false);
}

class LastAppliedNode implements Owned {
  private byKey: Map<string, unknown> | undefined;

  /** `isItem`: a list item, reported whole when it is drift. */
  constructor(
    private readonly value: unknown,
    private readonly isItem: boolean,
  ) {}

  field(key: string): Owned | undefined {
    if (!isMap(this.value) || !Object.hasOwn(this.value, key)) return undefined;
    return lastAppliedOwned(this.value[key]);
  }

  item(item: unknown, index: number, strategy: ListStrategy): Owned | undefined {
    if (!Array.isArray(this.value)) return undefined;
    let found: unknown;
    if (strategy.type === 'atomic') {
      found = this.value[index];
    } else {
      // Indexed once per list: item() is asked for every item.
      this.byKey ??= indexByKey(this.value, strategy) ?? new Map();
      const key = itemKey(item, strategy);
      found = key === undefined ? undefined : this.byKey.get(key);
    }
    return found === undefined || found === null ? undefined : new LastAppliedNode(found, true);
  }

  changedBy(): undefined {
    return undefined;
  }

  changedByHand(): boolean {
    return false;
  }

  managers(): readonly string[] {
    return [];
  }

  liveOnly(have: unknown): LiveOnlyVerdict {
    if (this.isItem) return WHOLE;
    if (isMap(have) && isMap(this.value)) return PARTS;
    if (Array.isArray(have) && Array.isArray(this.value)) return PARTS;
    return WHOLE;
  }
}
