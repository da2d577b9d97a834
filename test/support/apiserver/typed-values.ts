// structured-merge-diff's operations on JSON values of a known type, as the
// API server's field manager uses them: the set of fields a value sets (what
// an Apply owns), what changed between two values (what an Update takes), and
// removing items (what Apply prunes).
import { fieldElement, FieldSet, indexElement, keyElement, valueElement } from './field-set.js';
import { jsonEqual } from './json.js';
import { resolve, UNTYPED, type SsaType } from './ssa-schema.js';
import { isObject, type KubeObject } from './types.js';

type ListType = Extract<SsaType, { kind: 'list' }>;

/** The path element of a list item: its key fields, its value (sets) or its index. */
export function itemElement(list: ListType, item: unknown, index: number): string {
  if (list.listType === 'set') return valueElement(item);
  if (list.listType === 'map' && isObject(item)) {
    const fields: KubeObject = {};
    for (const key of list.keys) {
      const value = item[key] ?? list.keyDefault(key);
      if (value === undefined) return indexElement(index);
      fields[key] = value;
    }
    return keyElement(fields);
  }
  return indexElement(index);
}

export function childType(type: SsaType, key: string): SsaType {
  if (type.kind === 'struct') return type.field(key)?.type ?? UNTYPED;
  if (type.kind === 'map') return type.elements;
  return UNTYPED;
}

const isEmptyMap = (value: unknown): boolean => isObject(value) && Object.keys(value).length === 0;

/** The fields `value` sets, as an Apply of it owns them (structured-merge-diff's ToFieldSet). */
export function toFieldSet(value: unknown, type: SsaType, set = new FieldSet(), path: string[] = []): FieldSet {
  const t = resolve(type, value);
  if (t.kind === 'list' && Array.isArray(value)) {
    if (t.listType === 'atomic') {
      set.insert(path);
      return set;
    }
    value.forEach((item, index) => {
      const itemPath = [...path, itemElement(t, item, index)];
      toFieldSet(item, t.elements, set, itemPath);
      set.insert(itemPath);
    });
    return set;
  }
  if ((t.kind === 'struct' || t.kind === 'map') && isObject(value)) {
    if (t.atomic) {
      set.insert(path);
      return set;
    }
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const childPath = [...path, fieldElement(key)];
      toFieldSet(child, childType(t, key), set, childPath);
      const isField = t.kind === 'struct' && t.field(key) !== undefined;
      if (child === null || isEmptyMap(child) || !isField) set.insert(childPath);
    }
    return set;
  }
  set.insert(path);
  return set;
}

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

/** What changed from `lhs` to `rhs` (structured-merge-diff's Compare). */
export function compareValues(lhs: unknown, rhs: unknown, type: SsaType): Comparison {
  const comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(absentAsUndefined(lhs), absentAsUndefined(rhs), type, [], comparison);
  return comparison;
}

const absentAsUndefined = (value: unknown): unknown => (value === null ? undefined : value);

function compareLeaf(lhs: unknown, rhs: unknown, path: string[], out: Comparison): void {
  if (path.length === 0) return;
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
  else if (!jsonEqual(lhs, rhs)) out.modified.insert(path);
}

function compareNode(lhs: unknown, rhs: unknown, type: SsaType, path: string[], out: Comparison): void {
  if (lhs === undefined && rhs === undefined) return;
  const t = resolve(type, rhs ?? lhs);
  let leaf = true;
  if (t.kind === 'list' && (lhs === undefined || Array.isArray(lhs)) && (rhs === undefined || Array.isArray(rhs))) {
    const l = (lhs ?? []) as unknown[];
    const r = (rhs ?? []) as unknown[];
    if (t.listType !== 'atomic' && (l.length > 0 || r.length > 0)) {
      leaf = false;
      const left = indexItems(t, l);
      const right = indexItems(t, r);
      for (const [element, item] of left) compareNode(item, right.get(element), t.elements, [...path, element], out);
      for (const [element, item] of right) if (!left.has(element)) compareNode(undefined, item, t.elements, [...path, element], out);
    }
  } else if ((t.kind === 'struct' || t.kind === 'map') && (lhs === undefined || isObject(lhs)) && (rhs === undefined || isObject(rhs))) {
    const l = lhs as KubeObject | undefined;
    const r = rhs as KubeObject | undefined;
    if (!t.atomic && !((l === undefined || isEmptyMap(l)) && (r === undefined || isEmptyMap(r)))) {
      leaf = false;
      const keys = new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})]);
      for (const key of keys) {
        const field = t.kind === 'struct' ? t.field(key) : undefined;
        // A Go struct that is not a pointer is there, empty, whenever its parent is.
        const present = (side: KubeObject | undefined): unknown => {
          const value = absentAsUndefined(side?.[key]);
          return value === undefined && side !== undefined && field?.alwaysPresent ? {} : value;
        };
        compareNode(present(l), present(r), childType(t, key), [...path, fieldElement(key)], out);
      }
    }
  }
  if (leaf) compareLeaf(lhs, rhs, path, out);
  else if (path.length > 0 && lhs === undefined) out.added.insert(path);
  else if (path.length > 0 && rhs === undefined) out.removed.insert(path);
}

function indexItems(list: ListType, items: unknown[]): Map<string, unknown> {
  const byElement = new Map<string, unknown>();
  items.forEach((item, index) => {
    const element = itemElement(list, item, index);
    if (!byElement.has(element)) byElement.set(element, item);
  });
  return byElement;
}

/** `value` without the members of `set` (structured-merge-diff's RemoveItems). */
export function removeItems(value: unknown, type: SsaType, set: FieldSet): unknown {
  const t = resolve(type, value);
  if (t.kind === 'list' && Array.isArray(value) && t.listType !== 'atomic') {
    const kept: unknown[] = [];
    value.forEach((item, index) => {
      const node = set.child(itemElement(t, item, index));
      if (node?.member) return;
      kept.push(node ? removeItems(item, t.elements, node) : item);
    });
    return kept;
  }
  if ((t.kind === 'struct' || t.kind === 'map') && isObject(value) && !t.atomic) {
    const kept: KubeObject = {};
    for (const [key, child] of Object.entries(value)) {
      const node = set.child(fieldElement(key));
      if (node?.member) continue;
      kept[key] = node ? removeItems(child, childType(t, key), node) : child;
    }
    return kept;
  }
  return value;
}

/** `set` with the struct fields on the way to its members made members too (EnsureNamedFieldsAreMembers). */
export function withNamedFields(set: FieldSet, type: SsaType): FieldSet {
  const result = new FieldSet();
  result.member = set.member;
  for (const [element, child] of set.children) {
    let elementType: SsaType = UNTYPED;
    let named = false;
    if (element.startsWith('f:') && type.kind === 'struct') {
      const field = type.field(element.slice(2));
      named = field !== undefined;
      elementType = field?.type ?? UNTYPED;
    } else if (element.startsWith('f:') && type.kind === 'map') {
      elementType = type.elements;
    } else if (type.kind === 'list') {
      elementType = type.elements;
    }
    const converted = withNamedFields(child, elementType);
    if (named && !converted.isEmpty()) converted.member = true;
    result.children.set(element, converted);
  }
  return result;
}
