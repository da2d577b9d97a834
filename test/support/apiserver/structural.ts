// What kube-apiserver does to a custom resource with its CRD's structural
// schema on every write: prune the fields the schema does not declare (unless
// x-kubernetes-preserve-unknown-fields allows them), keep only ObjectMeta's
// fields in metadata (at the root and in x-kubernetes-embedded-resource
// objects), drop nulls the schema does not allow, and fill in `default`s.
import { cloneJson } from './json.js';
import { isObject, type KubeObject } from './types.js';

type Schema = Record<string, unknown>;

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

function properties(schema: Schema): Record<string, Schema> {
  return isObject(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
}

function preservesUnknown(schema: Schema): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

function isEmbedded(schema: Schema): boolean {
  return schema['x-kubernetes-embedded-resource'] === true;
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Removes what the schema does not declare; returns the removed fields' paths
 * as the server's field validation names them (`spec.foo`, `spec.items[0].bar`).
 */
export function pruneUnknownFields(obj: KubeObject, schema: Schema): string[] {
  const pruned: string[] = [];
  pruneObject(obj, schema, '', true, pruned);
  return pruned;
}

function pruneValue(value: unknown, schema: Schema | undefined, path: string, pruned: string[]): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? (schema.items as Schema) : undefined;
    value.forEach((item, i) => pruneValue(item, items, `${path}[${i}]`, pruned));
  } else if (isObject(value)) {
    pruneObject(value, schema, path, isEmbedded(schema), pruned);
  }
}

function pruneObject(obj: KubeObject, schema: Schema, path: string, resource: boolean, pruned: string[]): void {
  const props = properties(schema);
  const additional = schema.additionalProperties;
  for (const key of Object.keys(obj)) {
    const at = childPath(path, key);
    if (resource && (key === 'apiVersion' || key === 'kind')) continue;
    if (resource && key === 'metadata') {
      if (isObject(obj.metadata)) pruneMetadata(obj.metadata, at, pruned);
      continue;
    }
    const declared = props[key] ?? (isObject(additional) ? (additional as Schema) : undefined);
    if (declared) pruneValue(obj[key], declared, at, pruned);
    else if (additional === true || preservesUnknown(schema)) continue;
    else {
      delete obj[key];
      pruned.push(at);
    }
  }
}

function pruneMetadata(metadata: KubeObject, path: string, pruned: string[]): void {
  for (const key of Object.keys(metadata)) {
    if (OBJECT_META_FIELDS.has(key)) continue;
    delete metadata[key];
    pruned.push(childPath(path, key));
  }
}

/** Fills in `default`s top-down, as the server's structural defaulting does, and drops nulls the schema does not allow. */
export function applySchemaDefaults(obj: KubeObject, schema: Schema): void {
  defaultValue(obj, schema);
}

function defaultValue(value: unknown, schema: Schema | undefined): void {
  if (schema === undefined) return;
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? (schema.items as Schema) : undefined;
    for (const item of value) defaultValue(item, items);
    return;
  }
  if (!isObject(value)) return;
  const props = properties(schema);
  for (const [key, prop] of Object.entries(props)) {
    const current = value[key];
    if (current === null && prop.nullable !== true) {
      // A null where null is not allowed is dropped, then defaulted like an absent field.
      delete value[key];
    }
    if (value[key] === undefined && prop.default !== undefined) value[key] = cloneJson(prop.default);
  }
  const additional = isObject(schema.additionalProperties) ? (schema.additionalProperties as Schema) : undefined;
  for (const [key, child] of Object.entries(value)) defaultValue(child, props[key] ?? additional);
}
