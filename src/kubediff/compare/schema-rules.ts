// What the kind's OpenAPI v3 schema (on the walk's Site) and the caBundle
// placeholder rule add to the comparison: the list strategy where the schema
// speaks, Quantity fields anywhere, defaults, and fields the server prunes.

import { keepsZeroValue } from './kept-zero-fields.js';
import { isInjectedCaBundle } from './fields.js';
import type { ListStrategy } from './merge-keys.js';
import type { Site } from './site.js';
import { isEmptyValue, isMap } from './values.js';

const ATOMIC: ListStrategy = { type: 'atomic' };
const SCALARS: ListStrategy = { type: 'scalars' };

/**
 * The list strategy the schema gives (x-kubernetes-list-type and its map
 * keys, else the strategic-merge key); undefined where it says nothing.
 * Endpoints keep the built-in sets: their controller orders addresses as it
 * likes, though the schema calls the lists atomic (FALSE-POSITIVES.md #13).
 */
export function schemaListStrategy(kind: string, site: Site): ListStrategy | undefined {
  const node = site.schema;
  if (node?.listType === undefined || kind === 'Endpoints') return undefined;
  switch (node.listType) {
    case 'atomic':
      return ATOMIC;
    case 'set':
      return SCALARS;
    case 'map':
      return node.listKeys ? { type: 'keyed', fields: node.listKeys, set: false } : undefined;
  }
}

/** Whether the schema says the value here is a resource.Quantity. */
export function isSchemaQuantity(site: Site): boolean {
  return site.schema?.quantity === true;
}

/** Git holds a value the API server drops (not in the schema): it cannot be live. */
export function isPrunedField(site: Site, want: unknown, have: unknown): boolean {
  return site.pruned === true && have === undefined && !isEmptyValue(want);
}

/**
 * Git's value equals the schema's default while the field is absent live.
 * Not where a false or 0 is a kept pointer value (kept-zero-fields.ts): there
 * an absent value was removed, whatever the schema documents.
 */
export function isSchemaDefault(site: Site, want: unknown, have: unknown): boolean {
  if ((have !== undefined && have !== null) || !site.schema?.hasDefault) return false;
  if ((want === false || want === 0) && keepsZeroValue(site)) return false;
  return !isEmptyValue(want) && jsonEqual(want, site.schema.default);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A caBundle in git that decodes to whitespace only (`Cg==`, a newline): a placeholder charts ship for an injector to fill. */
export function isPlaceholderCaBundle(kind: string, site: Site, want: unknown): boolean {
  if (typeof want !== 'string' || want === '' || !isInjectedCaBundle(kind, site) || !BASE64.test(want)) return false;
  return Buffer.from(want, 'base64').toString('latin1').trim() === '';
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}
