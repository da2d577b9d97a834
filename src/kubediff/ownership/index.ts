// Ownership of a live object's fields, for the compare walk: from
// managedFields (who applied, who changed what by hand) and the last-applied
// configuration of client-side apply.
//
// Which decides what git owned, when both exist: an applier's Apply entry
// (server-side apply) holds exactly what was applied and is what the next
// apply prunes by, so it wins; the last-applied configuration decides only for
// client-side apply (no Apply entry), whose Update entries also hold the
// fields the server defaulted and so cannot tell them from removed ones.

import type { Owned } from '../compare/owned.js';
import { lastAppliedOf } from '../compare/normalize.js';
import type { JsonMap } from '../compare/values.js';
import { readManagedFields } from './entries.js';
import { OwnedNode, type Owner } from './owned-node.js';
import type { Role } from './policy.js';
import type { ManagedEntry } from './entries.js';

export { roleDecider, DEFAULT_HAND_EDIT_MANAGERS, CLIENT_SIDE_APPLIERS, type OwnershipPolicy, type Role } from './policy.js';
export { lastAppliedOwned } from './last-applied.js';

export interface ObjectOwnership {
  /** Undefined when nothing is known: no managedFields and no last-applied configuration. */
  readonly owned: Owned | undefined;
  /** managedFields entries that could not be read (ownership is then partly unknown). */
  readonly unreadable: number;
}

/**
 * The ownership of `live` (as the API server returned it), positioned on
 * `have` (the same object normalized for the walk).
 */
export function objectOwnership(live: JsonMap, have: JsonMap, kind: string, roleOf: (entry: ManagedEntry) => Role): ObjectOwnership {
  const { entries, unreadable } = readManagedFields(live);
  const lastApplied = lastAppliedOf(live);
  if (entries.length === 0 && lastApplied === undefined) return { owned: undefined, unreadable };
  const owners: Owner[] = entries.map((entry) => ({ entry, role: roleOf(entry), node: entry.fields }));
  const serverSideApplied = owners.some((owner) => owner.role === 'applier' && owner.entry.operation === 'Apply');
  const context = { kind, hasLastApplied: lastApplied !== undefined };
  const decidingLastApplied = serverSideApplied ? undefined : lastApplied;
  return { owned: new OwnedNode(context, owners, decidingLastApplied, have, undefined, false), unreadable };
}
