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
  readonly schema?: SchemaNode;
  /** The schema of the map holding this field does not declare it: the API server drops it. */
  readonly pruned?: true;
}

export const ROOT: Site = { path: '', key: '', parentKey: '', grandKey: '', depth: 0 };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The object itself, with its kind's schema when known. */
export function rootSite(schema: SchemaNode | undefined): Site {
  return schema ? { ...ROOT, schema } : ROOT;
}

/** The site of the map entry `key` below `site`. */
export function fieldSite(site: Site, key: string): Site {
  const segment = IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  const next: Site = { path: site.path + segment, key, parentKey: site.key, grandKey: site.parentKey, depth: site.depth + 1 };
  if (!site.schema) return next;
  const schema = site.schema.field(key);
  if (schema) return { ...next, schema };
  return site.schema.prunes(key) ? { ...next, pruned: true } : next;
}

/** The site of a list item, by readable key (`name=app`) or index. */
export function itemSite(site: Site, key: string | number): Site {
  const { schema, pruned: _pruned, ...rest } = site;
  const item = schema?.item();
  return { ...rest, path: `${site.path}[${key}]`, depth: site.depth + 1, ...(item ? { schema: item } : {}) };
}
