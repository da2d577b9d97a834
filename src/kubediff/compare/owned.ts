// What the walk asks about ownership, without knowing where it comes from
// (the last-applied configuration, managedFields, or both): for a value live
// but not in git, whether it is drift and why. An `Owned` node sits at the
// same place in the object as the walk, and is absent where nothing is owned.

import type { ListStrategy } from './merge-keys.js';
import type { Site } from './site.js';

/**
 * removed-from-git: git owned it and no longer has it, so applying removes it.
 * hand-edit: only interactive managers (kubectl edit, patch, ...) own it.
 */
export type LiveOnlyReason = 'removed-from-git' | 'hand-edit';

export interface LiveOnlyVerdict {
  readonly reason: LiveOnlyReason;
  /**
   * Only parts of the value are drift: the walk looks at each part (map keys,
   * keyed list items) and reports the whole only when it cannot tell them apart.
   */
  readonly byParts: boolean;
}

export interface Owned {
  /** The node of the map key `key` (a field or a map entry). */
  field(key: string): Owned | undefined;
  /** The node of a list item; `item` is the live item (git's when there is none live), matched by `strategy`. */
  item(item: unknown, index: number, strategy: ListStrategy): Owned | undefined;
  /** Whether `have`, live here and absent from git, is drift; undefined when it is not. */
  liveOnly(have: unknown, site: Site): LiveOnlyVerdict | undefined;
}
