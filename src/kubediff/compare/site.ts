// Where the walk is in an object: the readable path reported to people
// (`.spec.template.spec.containers[name=app].image`) and the field names
// around it, which decide the list strategy and the field rules.

export interface Site {
  /** Readable path; '' for the object itself. */
  readonly path: string;
  /** The field name of this value; for a list item, the field name of its list. */
  readonly key: string;
  readonly parentKey: string;
  readonly grandKey: string;
  /** Depth in maps and lists: 0 for the object itself. */
  readonly depth: number;
}

export const ROOT: Site = { path: '', key: '', parentKey: '', grandKey: '', depth: 0 };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The site of the map entry `key` below `site`. */
export function fieldSite(site: Site, key: string): Site {
  const segment = IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  return { path: site.path + segment, key, parentKey: site.key, grandKey: site.parentKey, depth: site.depth + 1 };
}

/** The site of a list item, by readable key (`name=app`) or index. */
export function itemSite(site: Site, key: string | number): Site {
  return { ...site, path: `${site.path}[${key}]`, depth: site.depth + 1 };
}
