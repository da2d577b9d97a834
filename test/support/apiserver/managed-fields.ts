// metadata.managedFields as the API server records them for Update
// operations: which manager set which fields (FieldsV1), and when.
import { jsonEqual } from './json.js';
import { listStrategy } from './patch-strategy.js';
import { isObject, type KubeObject } from './types.js';

type FieldSet = Record<string, unknown>;

/** Fields of Go map type get a "." entry of their own, like map[string]string in FieldsV1. */
const MAP_FIELDS = new Set(['labels', 'annotations', 'data', 'binaryData', 'matchLabels', 'nodeSelector', 'limits', 'requests', 'hard', 'parameters', 'overhead']);

function itemKey(key: string, item: KubeObject): string {
  return `k:${JSON.stringify({ [key]: item[key] })}`;
}

/** The fields of `value` (only those that differ from `old` when given), in FieldsV1 form. */
function fieldSet(value: unknown, old: unknown, kind: string, path: string[]): FieldSet {
  const set: FieldSet = {};
  if (!isObject(value)) return set;
  for (const [key, child] of Object.entries(value)) {
    const oldChild = isObject(old) ? old[key] : undefined;
    if (old !== undefined && jsonEqual(child, oldChild)) continue;
    const childPath = [...path, key];
    if (isObject(child)) {
      const nested = fieldSet(child, old === undefined ? undefined : oldChild ?? {}, kind, childPath);
      set[`f:${key}`] = MAP_FIELDS.has(key) || (kind === 'Service' && childPath.join('.') === 'spec.selector') ? { '.': {}, ...nested } : nested;
    } else if (Array.isArray(child)) {
      set[`f:${key}`] = listFieldSet(child, Array.isArray(oldChild) && old !== undefined ? oldChild : undefined, kind, childPath);
    } else {
      set[`f:${key}`] = {};
    }
  }
  return set;
}

function listFieldSet(list: unknown[], old: unknown[] | undefined, kind: string, path: string[]): FieldSet {
  const strategy = listStrategy(kind, path);
  if (strategy.kind === 'replace') return {};
  const set: FieldSet = {};
  for (const item of list) {
    if (strategy.kind === 'merge-primitive') {
      set[`v:${JSON.stringify(item)}`] = {};
    } else if (isObject(item) && item[strategy.key] !== undefined) {
      const oldItem = old?.find((o) => isObject(o) && jsonEqual(o[strategy.key], item[strategy.key]));
      if (oldItem !== undefined && jsonEqual(oldItem, item)) continue;
      set[itemKey(strategy.key, item)] = { '.': {}, ...fieldSet(item, oldItem, kind, path) };
    }
  }
  return set;
}

function mergeSets(a: FieldSet, b: FieldSet): FieldSet {
  const result: FieldSet = { ...a };
  for (const [key, value] of Object.entries(b)) {
    result[key] = isObject(result[key]) && isObject(value) ? mergeSets(result[key] as FieldSet, value) : value;
  }
  return result;
}

function ownedContent(obj: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = obj;
  const meta = isObject(metadata) ? metadata : {};
  const owned: KubeObject = {};
  for (const key of ['labels', 'annotations', 'ownerReferences', 'finalizers']) if (meta[key] !== undefined) owned[key] = meta[key];
  return Object.keys(owned).length ? { metadata: owned, ...rest } : rest;
}

export interface ManagerWrite {
  manager: string;
  operation?: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  subresource?: string;
}

/** Records that `write.manager` set the fields of `obj` that differ from `previous` (all of them on create). */
export function recordManagedFields(obj: KubeObject, previous: KubeObject | undefined, kind: string, write: ManagerWrite): void {
  const metadata = obj.metadata as KubeObject;
  const entries = Array.isArray(metadata.managedFields) ? (metadata.managedFields.filter(isObject) as KubeObject[]) : [];
  const isStatus = write.subresource === 'status';
  const newContent = isStatus ? { status: obj.status } : ownedContent(obj);
  const oldContent = previous ? (isStatus ? { status: previous.status } : ownedContent(previous)) : undefined;
  const changed = fieldSet(newContent, oldContent, kind, []);
  if (Object.keys(changed).length === 0) return;
  const operation = write.operation ?? 'Update';
  const index = entries.findIndex((e) => e.manager === write.manager && e.operation === operation && e.subresource === write.subresource);
  const before = index >= 0 && isObject(entries[index]?.fieldsV1) ? (entries[index]?.fieldsV1 as FieldSet) : {};
  const entry: KubeObject = {
    manager: write.manager,
    operation,
    apiVersion: write.apiVersion,
    time: write.time,
    fieldsType: 'FieldsV1',
    fieldsV1: mergeSets(before, changed),
    ...(write.subresource ? { subresource: write.subresource } : {}),
  };
  metadata.managedFields = index >= 0 ? entries.map((e, i) => (i === index ? entry : e)) : [...entries, entry];
}

/** The field manager of a request: ?fieldManager=, else the User-Agent's program name, as the API server derives it. */
export function managerName(query: URLSearchParams, userAgent: string | undefined): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const program = (userAgent ?? '').split('/')[0]?.trim();
  return program || 'unknown';
}
