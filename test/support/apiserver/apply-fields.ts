// Server-side apply's field management (structured-merge-diff's Updater.Apply
// and the API server's wrappers around it): the applier owns exactly what it
// applied; what it applied last time and no longer does is removed unless
// another manager owns it; changing a field another manager owns is a
// conflict (409) unless forced, and forcing takes the field from it.
import { mergeApplied } from './apply-merge.js';
import { FieldSet, formatPath } from './field-set.js';
import { jsonEqual } from './json.js';
import { LAST_APPLIED, lastAppliedText } from './last-applied.js';
import { decodeManagedFields, encodeManagedFields, managerIdentity, scopedObject, withoutServerFields, type ManagerEntry, type Managers, type ManagerWrite } from './managed-fields.js';
import type { SsaType } from './ssa-schema.js';
import { ApiError } from './status.js';
import { compareValues, removeItems, toFieldSet, withNamedFields } from './typed-values.js';
import { isObject, type KubeObject } from './types.js';

export interface ApplyInput {
  /** The stored object; undefined when the apply creates it. */
  live: KubeObject | undefined;
  /** The applied configuration. */
  config: KubeObject;
  type: SsaType;
  write: ManagerWrite;
  force: boolean;
  hasStatusSubresource: boolean;
}

/** The object an apply results in (before defaulting), with its managedFields; throws a 409 on conflicts. */
export function applyWithFieldManagement(input: ApplyInput): KubeObject {
  const { live, type, write, hasStatusSubresource } = input;
  const scoped = (obj: KubeObject | undefined): KubeObject => scopedObject(obj, 'main', hasStatusSubresource);
  const fieldsOf = (obj: KubeObject): FieldSet => withoutServerFields(toFieldSet(obj, type), hasStatusSubresource);
  // A main-resource apply does not write status, which has its own subresource.
  const config = hasStatusSubresource ? withoutStatus(input.config) : input.config;
  const managers = decodeManagedFields(isObject(live?.metadata) ? live.metadata.managedFields : undefined);
  const id = managerIdentity(write);
  const lastSet = managers.get(id)?.set;
  const applied = fieldsOf(config);
  const isNew = !managers.has(id);
  managers.set(id, { ...write, set: applied });

  const merged = (live ? mergeApplied(live, config, type) : config) as KubeObject;
  const result = lastSet && !lastSet.isEmpty() ? prune(merged, lastSet, managers, type, fieldsOf) : merged;

  const comparison = compareValues(scoped(live), scoped(result), type);
  const changed = comparison.added.union(comparison.modified);
  const conflicts = new Map<string, FieldSet>();
  for (const [other, entry] of managers) {
    if (other === id) continue;
    const conflict = entry.set.intersection(changed);
    if (!conflict.isEmpty()) conflicts.set(other, conflict);
  }
  if (conflicts.size > 0 && !input.force && !allowedByLastApplied(live, write, conflicts, type, scoped, fieldsOf)) {
    throw conflictError(conflicts, managers);
  }
  for (const [other, entry] of managers) {
    if (other === id) continue;
    entry.set = entry.set.difference(conflicts.get(other)).difference(comparison.removed);
  }
  const changedObject = !jsonEqual(scoped(live), scoped(result));
  const entry = managers.get(id) as ManagerEntry;
  if (!changedObject && !isNew) entry.time = (managedEntryTime(live, id) ?? write.time);

  const metadata: KubeObject = { ...(isObject(result.metadata) ? result.metadata : {}) };
  // kubectl's server-side apply keeps a client-side apply annotation up to date, so kubectl can go back.
  const liveAnnotations = isObject(live?.metadata) && isObject(live.metadata.annotations) ? live.metadata.annotations : {};
  if (write.manager === 'kubectl' && typeof liveAnnotations[LAST_APPLIED] === 'string') {
    metadata.annotations = { ...(isObject(metadata.annotations) ? metadata.annotations : {}), [LAST_APPLIED]: lastAppliedText(input.config) };
  }
  metadata.managedFields = encodeManagedFields(managers);
  return { ...result, metadata };
}

function withoutStatus(config: KubeObject): KubeObject {
  const { status: _status, ...rest } = config;
  return rest;
}

function managedEntryTime(live: KubeObject | undefined, id: string): string | undefined {
  const metadata = isObject(live?.metadata) ? live.metadata : {};
  return decodeManagedFields(metadata.managedFields).get(id)?.time;
}

/**
 * Removes what the applier applied last time and no longer applies, unless
 * another manager (or the applier's new configuration) owns it: the three
 * steps of structured-merge-diff's prune, addBackOwnedItems and addBackDanglingItems.
 */
function prune(merged: KubeObject, lastSet: FieldSet, managers: Managers, type: SsaType, fieldsOfObject: (obj: KubeObject) => FieldSet): KubeObject {
  const named = (set: FieldSet): FieldSet => withNamedFields(set, type);
  const fieldsOf = (obj: KubeObject): FieldSet => named(fieldsOfObject(obj));
  const last = named(lastSet);
  const withoutLast = removeItems(merged, type, last) as KubeObject;
  let owned = new FieldSet();
  for (const entry of managers.values()) owned = owned.union(entry.set);
  const mergedFields = fieldsOf(merged);
  const ownedBack = removeItems(merged, type, mergedFields.difference(fieldsOf(withoutLast).union(named(owned)))) as KubeObject;
  return removeItems(merged, type, mergedFields.difference(fieldsOf(ownedBack)).intersection(last)) as KubeObject;
}

/**
 * kubectl's server-side apply may take fields from client-side apply without
 * --force-conflicts when the live values are still the last-applied ones
 * (the API server's lastAppliedManager).
 */
function allowedByLastApplied(
  live: KubeObject | undefined,
  write: ManagerWrite,
  conflicts: Map<string, FieldSet>,
  type: SsaType,
  scoped: (obj: KubeObject) => KubeObject,
  fieldsOf: (obj: KubeObject) => FieldSet,
): boolean {
  if (write.manager !== 'kubectl' || !live) return false;
  const annotations = isObject(live.metadata) && isObject(live.metadata.annotations) ? live.metadata.annotations : {};
  const text = annotations[LAST_APPLIED];
  if (typeof text !== 'string' || text === '') return false;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isObject(lastApplied)) return false;
  const lastAppliedFields = fieldsOf(lastApplied);
  const allowed = lastAppliedFields.difference(compareValues(scoped(lastApplied), scoped(live), type).modified);
  for (const conflict of conflicts.values()) if (!conflict.difference(allowed).isEmpty()) return false;
  return true;
}

function describeManager(entry: ManagerEntry): string {
  let text = JSON.stringify(entry.manager);
  // The manager's identity, as the server names it in conflicts: no time.
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion}`;
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  return text;
}

/** The 409 the API server answers, with one cause per conflicting field. */
function conflictError(conflicts: Map<string, FieldSet>, managers: Managers): ApiError {
  const causes: Array<{ reason: string; message: string; field: string }> = [];
  const lines: string[] = [];
  for (const [id, set] of [...conflicts].sort(([a], [b]) => describeManager(managers.get(a) as ManagerEntry).localeCompare(describeManager(managers.get(b) as ManagerEntry)))) {
    const manager = describeManager(managers.get(id) as ManagerEntry);
    lines.push(`conflicts with ${manager}:`);
    for (const path of set.paths()) {
      causes.push({ reason: 'FieldManagerConflict', message: `conflict with ${manager}`, field: formatPath(path) });
      lines.push(`- ${formatPath(path)}`);
    }
  }
  const message = causes.length === 1
    ? `Apply failed with 1 conflict: conflict with ${causes[0]?.message.slice('conflict with '.length)}: ${causes[0]?.field}`
    : `Apply failed with ${causes.length} conflicts: ${lines.join('\n')}`;
  return new ApiError(409, 'Conflict', message, { causes });
}
