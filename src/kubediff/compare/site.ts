// Where the walk is in an object: the readable path reported to people
// (`.spec.template.spec.containers[name=app].image`), the field names around
// it, which decide the list strategy and the field rules, and, when the
// cluster published one, the schema of the value there.

import type { SchemaNode } from '../schema/index.js';

export interface Site {
  /** Readable path; '' for the object itself. */
  readonly path: string;
  /** The field name of this value; for a list item, the field name of its list. */
  readonly key: string;
  readonly parentKey: string;
  readonly grandKey: string;
  /** Depth in maps and lists: 0 for the object itself. */
  readonly depth: number;
  /** The schema of the value here (from the cluster's OpenAPI v3), when known. */
  readonly schema?: SchemaNode | undefined;
  /** The schema of the map holding this field does not declare it: the API server drops it. */
  readonly pruned?: boolean;
}

// Every Site is built with the same fields in the same order: the walk reads
// them millions of times, and one object shape keeps those reads fast.
export const ROOT: Site = { path: '', key: '', parentKey: '', grandKey: '', depth: 0, schema: undefined, pruned: false };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The object itself, with its kind's schema when known. */
export function rootSite(schema: SchemaNode | undefined): Site {
  return { path: '', key: '', parentKey: '', grandKey: '', depth: 0, schema, pruned: false };
}

/** The site of the map entry `key` below `site`. */
export function fieldSite(site: Site, key: string): Site {
  const segment = IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  const parent = site.schema;
  const schema = parent?.field(key);
  const pruned = schema === undefined && parent !== undefined && parent.prunes(key);
  return { path: site.path + segment, key, parentKey: site.key, grandKey: site.parentKey, depth: site.depth + 1, schema, pruned };
}

/** The site of a list item, by readable key (`name=app`) or index. */
export function itemSite(site: Site, key: string | number): Site {
  const schema = site.schema?.item();
  return { path: `${site.path}[${key}]`, key: site.key, parentKey: site.parentKey, grandKey: site.grandKey, depth: site.depth + 1, schema, pruned: false };
}
