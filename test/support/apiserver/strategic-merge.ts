// Strategic merge patch as `kubectl apply` and `kubectl patch` send it: keyed
// list merges, `$patch: replace|delete`, null deletes, `$setElementOrder/`,
// `$deleteFromPrimitiveList/` and `$retainKeys`.
import { cloneJson, jsonEqual } from './json.js';
import { PatchError } from './json-patch.js';
import { listStrategy } from './patch-strategy.js';
import { isObject, type KubeObject } from './types.js';

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !(isObject(v) && v.$patch !== undefined && Object.keys(v).length === 1)).map(withoutDirectives);
  if (!isObject(value)) return value;
  const result: KubeObject = {};
  for (const [key, item] of Object.entries(value)) if (!key.startsWith('$')) result[key] = withoutDirectives(item);
  return result;
}

/** Orders `items` as `order` lists them; items the order does not name keep their place after the named ones. */
function applyOrder(items: unknown[], order: unknown[], sameItem: (a: unknown, b: unknown) => boolean): unknown[] {
  const ordered: unknown[] = [];
  for (const wanted of order) {
    const found = items.find((item) => sameItem(item, wanted) && !ordered.includes(item));
    if (found !== undefined) ordered.push(found);
  }
  return [...ordered, ...items.filter((item) => !ordered.includes(item))];
}

function mergeKeyedList(original: unknown[], patch: unknown[], key: string, kind: string, path: string[]): unknown[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) return withoutDirectives(patch) as unknown[];
  const result = [...original];
  for (const item of patch) {
    if (!isObject(item)) throw new PatchError(`expected a map in the list at ${path.join('.')}, got ${JSON.stringify(item)}`);
    if (!(key in item)) throw new PatchError(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const index = result.findIndex((existing) => isObject(existing) && jsonEqual(existing[key], item[key]));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index] as KubeObject, item, kind, path);
    } else {
      result.push(withoutDirectives(item));
    }
  }
  return result;
}

function mergeList(original: unknown, patch: unknown[], kind: string, path: string[]): unknown[] {
  const strategy = listStrategy(kind, path);
  const current = Array.isArray(original) ? original : [];
  if (strategy.kind === 'merge') return mergeKeyedList(current, patch, strategy.key, kind, path);
  if (strategy.kind === 'merge-primitive') return [...current, ...patch.filter((v) => !current.some((c) => jsonEqual(c, v)))];
  return withoutDirectives(patch) as unknown[];
}

/** Applies a strategic merge patch to an object of `kind`; `path` locates the map inside the object. */
export function strategicMerge(original: KubeObject | undefined, patch: KubeObject, kind: string, path: string[] = []): KubeObject {
  if (patch.$patch === 'replace') return withoutDirectives(patch) as KubeObject;
  const result: KubeObject = isObject(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    const childPath = [...path, key];
    if (value === null || (isObject(value) && value.$patch === 'delete')) delete result[key];
    else if (isObject(value)) result[key] = strategicMerge(isObject(result[key]) ? (result[key] as KubeObject) : undefined, value, kind, childPath);
    else if (Array.isArray(value)) result[key] = mergeList(result[key], value, kind, childPath);
    else result[key] = cloneJson(value);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PRIMITIVES) && Array.isArray(value)) {
      const field = key.slice(DELETE_PRIMITIVES.length);
      const list = result[field];
      if (Array.isArray(list)) result[field] = list.filter((item) => !value.some((v) => jsonEqual(v, item)));
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER) || !Array.isArray(value)) continue;
    const field = key.slice(SET_ORDER.length);
    const list = result[field];
    if (!Array.isArray(list)) continue;
    const strategy = listStrategy(kind, [...path, field]);
    const mergeKey = strategy.kind === 'merge' ? strategy.key : undefined;
    result[field] = applyOrder(list, value, (item, wanted) =>
      mergeKey && isObject(item) && isObject(wanted) ? jsonEqual(item[mergeKey], wanted[mergeKey]) : jsonEqual(item, wanted),
    );
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}
