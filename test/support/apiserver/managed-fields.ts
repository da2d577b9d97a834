// metadata.managedFields as the API server keeps them: one entry per manager
// (name, operation, subresource, and the API version for Updates), each with
// the set of fields it owns. An Update takes the fields it added or changed
// from their previous owners; fields it removed are owned by no one after.
import { FieldSet } from './field-set.js';
import type { SsaType } from './ssa-schema.js';
import { compareValues } from './typed-values.js';
import { isObject, type KubeObject } from './types.js';

export interface ManagerWrite {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  subresource?: string;
}

export interface ManagerEntry extends ManagerWrite {
  set: FieldSet;
  /** Absent on entries read without one. */
  time: string;
}

/** Managers by identity: an Update is told apart by API version too, an Apply is not. */
export type Managers = Map<string, ManagerEntry>;

export function managerIdentity(write: Pick<ManagerWrite, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([write.manager, write.operation, write.operation === 'Update' ? write.apiVersion : '', write.subresource ?? '']);
}

export function decodeManagedFields(value: unknown): Managers {
  const managers: Managers = new Map();
  if (!Array.isArray(value)) return managers;
  for (const entry of value) {
    if (!isObject(entry) || typeof entry.manager !== 'string') continue;
    const write: ManagerEntry = {
      manager: entry.manager,
      operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof entry.apiVersion === 'string' ? entry.apiVersion : '',
      time: typeof entry.time === 'string' ? entry.time : '',
      ...(typeof entry.subresource === 'string' && entry.subresource !== '' ? { subresource: entry.subresource } : {}),
      set: FieldSet.fromFieldsV1(entry.fieldsV1),
    };
    const id = managerIdentity(write);
    const same = managers.get(id);
    managers.set(id, same ? { ...write, set: same.set.union(write.set) } : write);
  }
  return managers;
}

/** The entries in the API server's order: Apply before Update, then by time, manager, version, subresource. */
export function encodeManagedFields(managers: Managers): KubeObject[] {
  const entries = [...managers.values()].filter((entry) => !entry.set.isEmpty());
  const seconds = (time: string): number => (time ? Math.floor(Date.parse(time) / 1000) : 0);
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((a, b) =>
    order(a.operation, b.operation) ||
    seconds(a.time) - seconds(b.time) ||
    order(a.manager, b.manager) ||
    order(a.apiVersion, b.apiVersion) ||
    order(a.subresource ?? '', b.subresource ?? ''));
  return entries.map((entry) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(entry.time ? { time: entry.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: entry.set.toFieldsV1(),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
}

/** Metadata the server sets itself: never in anyone's fields. */
const SERVER_METADATA = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/**
 * What of an object a write can own: `main` everything but the server's
 * metadata (and status where status is a subresource of its own), `status`
 * the status alone, `controller` the status and the deployment revision
 * annotation, which the deployment controller writes with it.
 */
export type FieldScope = 'main' | 'status' | 'controller';

export function scopedObject(obj: KubeObject | undefined, scope: FieldScope, hasStatusSubresource: boolean): KubeObject {
  if (!obj) return {};
  if (scope !== 'main') {
    const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : undefined;
    const revision = annotations?.['deployment.kubernetes.io/revision'];
    // The annotations map is there (so not the controller's) when the object has any annotation.
    const controlled = annotations && { annotations: revision === undefined ? {} : { 'deployment.kubernetes.io/revision': revision } };
    return {
      ...(obj.status === undefined ? {} : { status: obj.status }),
      ...(scope === 'controller' && controlled ? { metadata: controlled } : {}),
    };
  }
  const { apiVersion: _a, kind: _k, metadata, status, ...rest } = obj;
  const scoped: KubeObject = { ...rest };
  if (isObject(metadata)) {
    const meta: KubeObject = { ...metadata };
    for (const key of SERVER_METADATA) delete meta[key];
    scoped.metadata = meta;
  }
  if (!hasStatusSubresource && status !== undefined) scoped.status = status;
  return scoped;
}

/** `set` without what no write owns: the server's metadata, and status where it is a subresource of its own. */
export function withoutServerFields(set: FieldSet, hasStatusSubresource: boolean): FieldSet {
  const stripped = set.clone();
  stripped.children.delete('f:apiVersion');
  stripped.children.delete('f:kind');
  if (hasStatusSubresource) stripped.children.delete('f:status');
  const metadata = stripped.children.get('f:metadata');
  if (metadata) {
    for (const key of SERVER_METADATA) metadata.children.delete(`f:${key}`);
    if (!metadata.member && metadata.isEmpty()) stripped.children.delete('f:metadata');
  }
  return stripped;
}

/**
 * Records an Update (create, update, patch; also of a subresource) of `obj`
 * from `previous`: the writer owns what it added or changed, earlier owners
 * lose it, and fields it removed are no one's.
 */
export function recordUpdate(obj: KubeObject, previous: KubeObject | undefined, type: SsaType, write: ManagerWrite, scope: FieldScope, hasStatusSubresource: boolean): void {
  const metadata = obj.metadata as KubeObject;
  // A write may set managedFields itself (kubectl moves client-side ownership to server-side apply that way).
  let managers = write.subresource ? new Map() : decodeManagedFields(metadata.managedFields);
  if (managers.size === 0 && previous) managers = decodeManagedFields((previous.metadata as KubeObject | undefined)?.managedFields);
  const comparison = compareValues(scopedObject(previous, scope, hasStatusSubresource), scopedObject(obj, scope, hasStatusSubresource), type);
  const taken = comparison.added.union(comparison.modified);
  const id = managerIdentity(write);
  for (const [other, entry] of managers) {
    if (other !== id) entry.set = entry.set.difference(taken).difference(comparison.removed);
  }
  const mine = managers.get(id);
  if (!taken.isEmpty()) {
    managers.set(id, { ...write, set: (mine?.set.difference(comparison.removed) ?? new FieldSet()).union(taken) });
  } else if (mine) {
    mine.set = mine.set.difference(comparison.removed);
  }
  metadata.managedFields = encodeManagedFields(managers);
  if ((metadata.managedFields as unknown[]).length === 0) delete metadata.managedFields;
}

const MAX_MANAGER_LENGTH = 128;

/**
 * The field manager of a request: ?fieldManager=, else what the API server
 * derives from the User-Agent: the part before the first `/`, printable
 * characters only, at most 128 bytes (`kubectl/v1.31.9 (linux/amd64) ...` is `kubectl`).
 */
export function managerName(query: URLSearchParams, userAgent: string | undefined): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  let name = '';
  for (const char of (userAgent ?? '').split('/')[0] ?? '') {
    if (!/^\P{C}$/u.test(char)) continue;
    if (Buffer.byteLength(name + char) > MAX_MANAGER_LENGTH) break;
    name += char;
  }
  return name;
}
