// Server-side apply (PATCH with application/apply-patch+yaml), simplified: the
// applied configuration creates the object or is merged into it (strategic
// merge for built-in kinds, JSON merge for custom resources) and recorded as
// an Apply in managedFields. Fields a manager stops applying are not removed,
// and ownership conflicts are not detected.
import { mergePatch } from './json-patch.js';
import { cloneJson } from './json.js';
import { ResourceRegistry } from './registry.js';
import type { ServerState } from './state.js';
import { ApiError, badRequest } from './status.js';
import { strategicMerge } from './strategic-merge.js';
import { isObject, stringField, type KubeObject, type ResourceType } from './types.js';
import { createObject, updateObject } from './writes.js';

export interface ApplyResult {
  code: number;
  object: KubeObject;
}

export function serverSideApply(state: ServerState, type: ResourceType, namespace: string, name: string, body: unknown, query: URLSearchParams, warnings: string[] = []): ApplyResult {
  const manager = query.get('fieldManager');
  if (!manager) {
    throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  }
  if (!isObject(body)) throw badRequest('the applied configuration must be an object');
  const bodyName = stringField(body.metadata, 'name');
  if (bodyName !== undefined && bodyName !== name) throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  const options = { manager, operation: 'Apply' as const, dryRun: query.get('dryRun') === 'All', fieldValidation: query.get('fieldValidation') ?? undefined, warnings };
  const existing = state.store.get(ResourceRegistry.storageKey(type), type.namespaced ? namespace : '', name);
  if (!existing) {
    const applied = { ...body, metadata: { ...(isObject(body.metadata) ? body.metadata : {}), name } };
    return { code: 201, object: createObject(state, type, applied, namespace || undefined, options) };
  }
  const merged = type.custom ? (mergePatch(existing, body) as KubeObject) : strategicMerge(cloneJson(existing), body, type.kind);
  const metadata = merged.metadata as KubeObject;
  metadata.resourceVersion = (existing.metadata as KubeObject).resourceVersion;
  return { code: 200, object: updateObject(state, type, namespace, name, merged, '', options) };
}
