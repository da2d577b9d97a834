// Sets of field paths, as structured-merge-diff keeps them for managedFields:
// a tree of path elements (`f:name`, `k:{"name":"app"}`, `v:"x"`, `i:0`)
// whose nodes are members of the set or only lead to members. Serialized as
// FieldsV1, where a node that is a member and has children carries `.`.
import { isObject } from './types.js';

export class FieldSet {
  /** Whether the path leading to this node is in the set (meaningless on the root). */
  member = false;
  readonly children = new Map<string, FieldSet>();

  static fromFieldsV1(json: unknown): FieldSet {
    const set = new FieldSet();
    if (!isObject(json)) return set;
    for (const [key, value] of Object.entries(json)) {
      if (key === '.') continue;
      const child = FieldSet.fromFieldsV1(value);
      child.member = !isObject(value) || Object.keys(value).length === 0 || Object.hasOwn(value, '.');
      set.children.set(canonicalElement(key), child);
    }
    return set;
  }

  toFieldsV1(): Record<string, unknown> {
    const json: Record<string, unknown> = {};
    for (const [key, child] of [...this.children].sort(([a], [b]) => compareElements(a, b))) {
      const nested = child.toFieldsV1();
      json[key] = child.member && Object.keys(nested).length > 0 ? { '.': {}, ...nested } : nested;
    }
    return json;
  }

  isEmpty(): boolean {
    for (const child of this.children.values()) if (child.member || !child.isEmpty()) return false;
    return true;
  }

  child(element: string): FieldSet | undefined {
    return this.children.get(element);
  }

  insert(path: readonly string[], from = 0): void {
    if (from >= path.length) return;
    const element = path[from] as string;
    let next = this.children.get(element);
    if (!next) this.children.set(element, (next = new FieldSet()));
    if (from === path.length - 1) next.member = true;
    else next.insert(path, from + 1);
  }

  has(path: readonly string[]): boolean {
    if (path.length === 0) return false;
    const [first, ...rest] = path;
    const next = this.children.get(first as string);
    return rest.length === 0 ? next?.member === true : next?.has(rest) === true;
  }

  clone(): FieldSet {
    const copy = new FieldSet();
    copy.member = this.member;
    for (const [key, child] of this.children) copy.children.set(key, child.clone());
    return copy;
  }

  union(other: FieldSet): FieldSet {
    const result = this.clone();
    result.member ||= other.member;
    for (const [key, child] of other.children) {
      const mine = result.children.get(key);
      result.children.set(key, mine ? mine.union(child) : child.clone());
    }
    return result;
  }

  /** The members of this set that are not members of `other` (path by path, not by prefix). */
  difference(other: FieldSet | undefined): FieldSet {
    const result = new FieldSet();
    result.member = this.member && other?.member !== true;
    for (const [key, child] of this.children) {
      const rest = child.difference(other?.children.get(key));
      if (rest.member || rest.children.size > 0) result.children.set(key, rest);
    }
    return result;
  }

  intersection(other: FieldSet | undefined): FieldSet {
    const result = new FieldSet();
    if (!other) return result;
    result.member = this.member && other.member;
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (!theirs) continue;
      const both = child.intersection(theirs);
      if (both.member || both.children.size > 0) result.children.set(key, both);
    }
    return result;
  }

  /** Every member path, depth first. */
  paths(prefix: string[] = []): string[][] {
    const found: string[][] = [];
    for (const [key, child] of this.children) {
      const path = [...prefix, key];
      if (child.member) found.push(path);
      found.push(...child.paths(path));
    }
    return found;
  }
}

const ELEMENT_ORDER = 'fkvi';

/** structured-merge-diff's order: fields, then keys, values and indexes, each sorted. */
function compareElements(a: string, b: string): number {
  const byType = ELEMENT_ORDER.indexOf(a[0] ?? '') - ELEMENT_ORDER.indexOf(b[0] ?? '');
  if (byType !== 0) return byType;
  if (a.startsWith('i:') && b.startsWith('i:')) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `k:` elements compare by their key fields, whatever the order they were written in. */
function canonicalElement(key: string): string {
  if (!key.startsWith('k:')) return key;
  try {
    const fields = JSON.parse(key.slice(2)) as unknown;
    return isObject(fields) ? keyElement(fields) : key;
  } catch {
    return key;
  }
}

export const fieldElement = (name: string): string => `f:${name}`;

/** A keyed list item: its key fields sorted by name, as compact JSON. */
export function keyElement(fields: Record<string, unknown>): string {
  const sorted = Object.keys(fields).sort().map((name) => `${JSON.stringify(name)}:${JSON.stringify(fields[name])}`);
  return `k:{${sorted.join(',')}}`;
}

export const valueElement = (value: unknown): string => `v:${JSON.stringify(value)}`;
export const indexElement = (index: number): string => `i:${index}`;

/** A path as the API server prints it in conflicts: `.spec.containers[name="app"].image`. */
export function formatPath(path: readonly string[]): string {
  return path
    .map((element) => {
      const body = element.slice(2);
      if (element.startsWith('f:')) return `.${body}`;
      if (element.startsWith('v:')) return `[=${body}]`;
      if (element.startsWith('i:')) return `[${body}]`;
      const fields = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(fields).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',')}]`;
    })
    .join('');
}
