// FieldsV1, the set of fields a managedFields entry owns: a tree whose keys
// are path elements — `f:<name>` a field or map key, `k:{...}` a list item by
// its key fields, `v:<json>` a set item by value, `i:<n>` an item by index —
// and where `.` (or an empty object) marks the path itself as owned.
//
// Read lazily: the tree is checked once (shape, depth), and a node's children
// are looked up in the JSON as the walk asks, so an object costs what the walk
// visits, not a copy of every entry's tree.

import { isMap, type JsonMap } from '../compare/values.js';

/** Deeper trees than this are not read (objects are much shallower; a hostile one would exhaust the stack). */
export const MAX_FIELDS_DEPTH = 128;

export class FieldsV1Error extends Error {}

/** Throws FieldsV1Error unless `json` is a FieldsV1 tree. */
export function checkFieldsV1(json: unknown, depth = 0): void {
  if (depth > MAX_FIELDS_DEPTH) throw new FieldsV1Error(`fieldsV1 nested deeper than ${MAX_FIELDS_DEPTH}`);
  if (!isMap(json)) throw new FieldsV1Error('fieldsV1 is not an object');
  for (const element in json) {
    if (element !== '.' && !/^[fkvi]:/.test(element)) throw new FieldsV1Error(`unknown path element ${JSON.stringify(element.slice(0, 40))}`);
    checkFieldsV1(json[element], depth + 1);
  }
}

interface ItemIndex {
  readonly keyed: ReadonlyMap<string, JsonMap>;
  /** The key field names the keyed items use (usually one set, e.g. [containerPort, protocol]). */
  readonly keyNames: readonly (readonly string[])[];
  readonly values: ReadonlyMap<string, JsonMap>;
}

export class FieldNode {
  private items: ItemIndex | undefined;

  /** `raw`: a checked FieldsV1 object (checkFieldsV1). */
  constructor(private readonly raw: JsonMap) {}

  /** The path leading here is owned itself (not only parts below it). */
  get member(): boolean {
    if (Object.hasOwn(this.raw, '.')) return true;
    for (const _ in this.raw) return false;
    return true;
  }

  /** Nothing owned below: the path is owned whole (a scalar, an atomic list or map). */
  get leaf(): boolean {
    for (const element in this.raw) if (element !== '.') return false;
    return true;
  }

  field(name: string): FieldNode | undefined {
    const child = this.raw[`f:${name}`];
    return isMap(child) ? new FieldNode(child) : undefined;
  }

  /** The node of a list item: by key fields, by value, or by index. */
  item(item: unknown, index: number): FieldNode | undefined {
    const items = (this.items ??= indexItems(this.raw));
    if (items.keyed.size > 0 && isMap(item)) {
      for (const names of items.keyNames) {
        const key = keyText(item, names);
        const found = key === undefined ? undefined : items.keyed.get(key);
        if (found) return new FieldNode(found);
      }
    }
    if (items.values.size > 0 && (item === null || typeof item !== 'object')) {
      const found = items.values.get(JSON.stringify(item));
      if (found) return new FieldNode(found);
    }
    const byIndex = this.raw[`i:${index}`];
    return isMap(byIndex) ? new FieldNode(byIndex) : undefined;
  }
}

function indexItems(raw: JsonMap): ItemIndex {
  const keyed = new Map<string, JsonMap>();
  const keyNames: string[][] = [];
  const values = new Map<string, JsonMap>();
  for (const element in raw) {
    const child = raw[element];
    if (!isMap(child)) continue;
    const parsed = element.startsWith('k:') || element.startsWith('v:') ? parseJson(element.slice(2)) : undefined;
    if (element.startsWith('k:') && isMap(parsed)) {
      const names = Object.keys(parsed).sort();
      if (!keyNames.some((known) => known.join('\0') === names.join('\0'))) keyNames.push(names);
      const key = keyText(parsed, names);
      if (key !== undefined) keyed.set(key, child);
    } else if (element.startsWith('v:') && parsed !== undefined) {
      values.set(JSON.stringify(parsed), child);
    }
  }
  return { keyed, keyNames, values };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // An element that does not hold JSON matches no item.
    return undefined;
  }
}

/** A list item's key as compared here, from its values for `names` (sorted); undefined when one is missing. */
export function keyText(item: JsonMap, names: readonly string[]): string | undefined {
  let text = '';
  for (const name of names) {
    const value = item[name];
    if (value === undefined || value === null || typeof value === 'object') return undefined;
    text += `${JSON.stringify(name)}:${JSON.stringify(value)},`;
  }
  return text;
}
