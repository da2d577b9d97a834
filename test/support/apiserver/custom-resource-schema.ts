// A custom resource written through the API: its CRD's structural schema
// prunes unknown fields and fills in defaults, and ?fieldValidation= says
// what the client hears about the dropped fields (Strict: 400, Warn: a
// Warning header per field, the server's default; Ignore: nothing).
import { cloneJson } from './json.js';
import { badRequest } from './status.js';
import { applySchemaDefaults, pruneUnknownFields } from './structural.js';
import type { KubeObject, ResourceType } from './types.js';

export interface SchemaWriteOptions {
  fieldValidation?: string;
  warnings?: string[];
}

export function enforceCustomResourceSchema(type: ResourceType, obj: KubeObject, options: SchemaWriteOptions): void {
  if (!type.custom || !type.schema) return;
  // Nested values may be shared with the stored object (merge patches reuse subtrees): work on copies.
  for (const key of Object.keys(obj)) if (key !== 'metadata') obj[key] = cloneJson(obj[key]);
  const unknown = pruneUnknownFields(obj, type.schema);
  applySchemaDefaults(obj, type.schema);
  if (unknown.length === 0) return;
  const messages = unknown.map((path) => `unknown field "${path}"`);
  const mode = options.fieldValidation ?? 'Warn';
  if (mode === 'Strict') {
    throw badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${messages.join(', ')}`);
  }
  if (mode === 'Warn') options.warnings?.push(...messages);
}
