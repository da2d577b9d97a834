// Secret values never leave the checker. Every value under a Secret's `data`
// or `stringData`, and its last-applied annotation (which holds the same
// values), is replaced by a marker that says what happened without a hash, a
// length or any other hint of the value.

import { LAST_APPLIED } from './fields.js';
import { isMap, setOwn, type JsonMap } from './values.js';

export const MASKED = '<masked>';
export const MASKED_GIT = '<masked: git value>';
export const MASKED_LIVE = '<masked: live value, differs>';

export function isSecret(obj: unknown): boolean {
  return isMap(obj) && obj.kind === 'Secret';
}

/** Replaces every leaf of a value with the marker, keeping the keys (which are not secret). */
export function maskValue(value: unknown, marker = MASKED): unknown {
  if (isMap(value)) {
    const masked: JsonMap = {};
    for (const key of Object.keys(value)) setOwn(masked, key, maskValue(value[key], marker));
    return masked;
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, marker));
  return value === null || value === undefined ? value : marker;
}

/**
 * The top-level fields of a Secret that hold no values. Every other one may:
 * data and stringData, and their misspellings (`stringdata:`), which the API
 * server drops but a manifest still carries.
 */
export const SECRET_PLAIN_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'type', 'immutable']);

/** A copy of a Secret with its values masked; any other object is returned as it is. */
export function maskObject<T>(obj: T): T {
  if (!isSecret(obj)) return obj;
  const secret = { ...(obj as JsonMap) };
  for (const field of Object.keys(secret)) {
    if (!SECRET_PLAIN_FIELDS.has(field)) secret[field] = maskValue(secret[field]);
  }
  const metadata = secret.metadata;
  if (isMap(metadata) && isMap(metadata.annotations) && Object.hasOwn(metadata.annotations, LAST_APPLIED)) {
    secret.metadata = { ...metadata, annotations: { ...metadata.annotations, [LAST_APPLIED]: MASKED } };
  }
  return secret as T;
}

/**
 * A copy of a Secret's value (any part of it) with every last-applied
 * annotation masked: it holds the Secret's values, and whole maps such as
 * `metadata` or `annotations` show up in a difference when git has them in
 * another shape (`annotations: []`).
 */
export function maskLastApplied(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskLastApplied);
  if (!isMap(value)) return value;
  const masked: JsonMap = {};
  for (const key of Object.keys(value)) setOwn(masked, key, key === LAST_APPLIED ? MASKED : maskLastApplied(value[key]));
  return masked;
}
