// What the walk asks about ownership, without knowing where it comes from
// (the last-applied configuration, managedFields, or both): for a value live
// but not in git, whether it is drift and why; for any difference, who
// changed the live value. An `Owned` node sits at the same place in the
// object as the walk, and is absent where nothing is owned.

import type { ChangedBy, LiveOnlyReason } from '../result.js';
import type { ListStrategy } from './merge-keys.js';
import type { Site } from './site.js';

export type { LiveOnlyReason } from '../result.js';

export interface LiveOnlyVerdict {
  readonly reason: LiveOnlyReason;
  /**
   * Only parts of the value are drift: the walk looks at each part (map keys,
   * keyed list items) and reports the whole only when it cannot tell them apart.
   */
  readonly byParts: boolean;
  readonly changedBy?: ChangedBy;
}

export interface Owned {
  /** The node of the map key `key` (a field or a map entry). */
  field(key: string): Owned | undefined;
  /** The node of a list item; `item` is the live item (git's when there is none live), matched by `strategy`. */
  item(item: unknown, index: number, strategy: ListStrategy): Owned | undefined;
  /** Whether `have`, live here and absent from git, is drift; undefined when it is not. */
  liveOnly(have: unknown, site: Site): LiveOnlyVerdict | undefined;
  /** The manager, other than the applier, that last changed the live value here. */
  changedBy(): ChangedBy | undefined;
  /** Whether that manager is an interactive one (kubectl edit, patch, ...): the change was made by hand. */
  changedByHand(): boolean;
  /** Every manager owning the value here or a part of it (ignore rules by manager). */
  managers(): readonly string[];
}
