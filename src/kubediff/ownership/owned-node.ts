// The ownership of one place in a live object, for the compare walk: which
// managedFields entries own it (or a part of it), in which role, and what the
// last-applied configuration holds there. Decides whether a value live but not
// in git is removed from git, changed by hand, or nobody's concern; and who
// changed a value.

import type { LiveOnlyVerdict, Owned } from '../compare/owned.js';
import { indexByKey, itemKey, type ListStrategy } from '../compare/merge-keys.js';
import { isLiteralMap } from '../compare/fields.js';
import { fieldSite, type Site } from '../compare/site.js';
import { isMap, type JsonMap } from '../compare/values.js';
import type { ChangedBy } from '../result.js';
import { changedByOf, latest, type ManagedEntry } from './entries.js';
import type { FieldNode } from './fields-v1.js';
import type { Role } from './policy.js';
import { isDefaultsOnly } from './server-defaults.js';

export interface Owner {
  readonly entry: ManagedEntry;
  readonly role: Role;
  /** The entry's fields here; undefined inside a value it owns whole (an atomic list or map). */
  readonly node: FieldNode | undefined;
}

export interface OwnershipContext {
  readonly kind: string;
  /** The object has a last-applied configuration: client-side appliers' Update entries hold defaults too, so they do not decide. */
  readonly hasLastApplied: boolean;
}

/**
 * Maps whose keys are owned one by one. An entry holding such a map with no
 * keys (`f:data: {}`) only made the map exist: its keys are not its own, as
 * they would be for an atomic value (`f:selector: {}`).
 */
const GRANULAR_MAPS = new Set(['labels', 'annotations', 'data', 'binaryData', 'stringData', 'limits', 'requests', 'hard', 'capacity', 'allocatable', 'overhead', 'parameters']);

const REMOVED_WHOLE: LiveOnlyVerdict = { reason: 'removed-from-git', byParts: false };
const REMOVED_PARTS: LiveOnlyVerdict = { reason: 'removed-from-git', byParts: true };

export class OwnedNode implements Owned {
  private lastAppliedByKey: Map<string, unknown> | undefined;

  /**
   * `lastApplied`: the last-applied configuration here, when it decides what
   * git owned; `value`: the live value here, and `parent` the map holding it
   * (server defaults depend on siblings: a container's image).
   */
  constructor(
    private readonly context: OwnershipContext,
    private readonly owners: readonly Owner[],
    private readonly lastApplied: unknown,
    private readonly value: unknown,
    private readonly parent: JsonMap | undefined,
    private readonly isItem: boolean,
    /** The field name of this value ('' for list items and the object). */
    private readonly name = '',
  ) {}

  field(key: string): Owned | undefined {
    const owners = childOwners(this.owners, (node) => node.field(key), !GRANULAR_MAPS.has(this.name));
    const lastApplied = isMap(this.lastApplied) && Object.hasOwn(this.lastApplied, key) ? this.lastApplied[key] : undefined;
    if (owners.length === 0 && (lastApplied === undefined || lastApplied === null)) return undefined;
    const parent = isMap(this.value) ? this.value : undefined;
    return new OwnedNode(this.context, owners, lastApplied ?? undefined, parent?.[key], parent, false, key);
  }

  item(item: unknown, index: number, strategy: ListStrategy): Owned | undefined {
    const owners = childOwners(this.owners, (node) => node.item(item, index), true);
    const lastApplied = this.lastAppliedItem(item, index, strategy);
    if (owners.length === 0 && lastApplied === undefined) return undefined;
    return new OwnedNode(this.context, owners, lastApplied, item, undefined, true);
  }

  private lastAppliedItem(item: unknown, index: number, strategy: ListStrategy): unknown {
    if (!Array.isArray(this.lastApplied)) return undefined;
    let found: unknown;
    if (strategy.type === 'atomic') {
      found = this.lastApplied[index];
    } else {
      // Indexed once per list: item() is asked for every item.
      this.lastAppliedByKey ??= indexByKey(this.lastApplied, strategy) ?? new Map();
      const key = itemKey(item, strategy);
      found = key === undefined ? undefined : this.lastAppliedByKey.get(key);
    }
    return found === null ? undefined : found;
  }

  changedBy(): ChangedBy | undefined {
    const entry = this.lastChanger()?.entry;
    return entry && changedByOf(entry);
  }

  changedByHand(): boolean {
    return this.lastChanger()?.role === 'interactive';
  }

  private lastChanger(): Owner | undefined {
    const others = this.owners.filter((owner) => owner.role !== 'applier');
    const entry = latest(others.map((owner) => owner.entry));
    return others.find((owner) => owner.entry === entry);
  }

  managers(): readonly string[] {
    return [...new Set(this.owners.map((owner) => owner.entry.manager))];
  }

  liveOnly(have: unknown, site: Site): LiveOnlyVerdict | undefined {
    if (this.lastApplied !== undefined) return this.lastAppliedVerdict(have);
    const owners = this.owners.filter((owner) => {
      if (owner.role !== 'applier') return true;
      // Client-side appliers' entries also own what the server defaulted; with last-applied there, it decides for them.
      if (owner.entry.operation !== 'Apply' && this.context.hasLastApplied) return false;
      // Inside a value the applier owns whole (an atomic list such as volumeClaimTemplates), what git lacks the server added.
      return owner.node !== undefined;
    });
    if (owners.length === 0) return undefined;
    const git = owners.filter((owner) => owner.role === 'applier');
    const rest = owners.filter((owner) => owner.role !== 'applier');
    // A unit: a list item, a scalar, or a value someone owns whole (an atomic map or list).
    const unit = this.isItem || !isMap(have) || owners.some((owner) => owner.node === undefined || (owner.node.member && owner.node.leaf));
    // Labels, annotations, data: their keys are told one by one (bookkeeping keys among them stay out).
    const keyByKey = !unit && isLiteralMap(this.context.kind, site);
    const defaultsOnly = (): boolean => isDefaultsOnly(this.context.kind, site, have, this.parent, fieldSite);

    if (git.length > 0) {
      const appliers = new Set(git.map((owner) => owner.entry.manager));
      if (appliers.size === 1 && rest.length === 0 && !keyByKey) {
        // Update appliers (no last-applied to tell) own defaults too.
        if (git.every((owner) => owner.entry.operation !== 'Apply') && defaultsOnly()) return undefined;
        return REMOVED_WHOLE;
      }
      if (!unit) return REMOVED_PARTS;
      // Server-side apply removes it unless another manager owns it itself (owning a part of an item does not keep it).
      const keeping = owners.filter((owner) => owner.node === undefined || owner.node.member);
      const keepingAppliers = new Set(keeping.filter((owner) => owner.role === 'applier').map((owner) => owner.entry.manager));
      const keepingOthers = keeping.filter((owner) => owner.role !== 'applier');
      if (keepingAppliers.size > 1) return undefined;
      if (keepingOthers.length === 0) return REMOVED_WHOLE;
      return keepingOthers.every((owner) => owner.role === 'interactive') ? handEdit(keepingOthers) : undefined;
    }
    const interactive = rest.filter((owner) => owner.role === 'interactive');
    if (interactive.length === 0) return undefined;
    if (interactive.length === rest.length && !keyByKey) return defaultsOnly() ? undefined : handEdit(interactive);
    return unit ? undefined : { reason: 'hand-edit', byParts: true };
  }

  /** What kubectl's three-way patch does: it deletes what last-applied holds and git no longer has. */
  private lastAppliedVerdict(have: unknown): LiveOnlyVerdict {
    const changedBy = this.changedBy();
    const byParts = !this.isItem && ((isMap(have) && isMap(this.lastApplied)) || (Array.isArray(have) && Array.isArray(this.lastApplied)));
    if (!changedBy) return byParts ? REMOVED_PARTS : REMOVED_WHOLE;
    return { reason: 'removed-from-git', byParts, changedBy };
  }
}

function handEdit(owners: readonly Owner[]): LiveOnlyVerdict {
  const entry = latest(owners.map((owner) => owner.entry));
  return { reason: 'hand-edit', byParts: false, ...(entry ? { changedBy: changedByOf(entry) } : {}) };
}

/** The owners one step down: those with fields there, and (`inherit`) those owning the whole value: they own its parts too. */
function childOwners(owners: readonly Owner[], pick: (node: FieldNode) => FieldNode | undefined, inherit: boolean): Owner[] {
  const result: Owner[] = [];
  for (const owner of owners) {
    if (owner.node === undefined) {
      result.push(owner);
      continue;
    }
    const child = pick(owner.node);
    if (child) result.push({ entry: owner.entry, role: owner.role, node: child });
    else if (inherit && owner.node.member && owner.node.leaf) result.push({ entry: owner.entry, role: owner.role, node: undefined });
  }
  return result;
}
