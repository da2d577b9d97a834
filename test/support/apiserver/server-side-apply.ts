// Server-side apply (PATCH with application/apply-patch+yaml): the applied
// configuration is merged into the live object (or creates it) and its fields
// recorded as the manager's Apply, with pruning and conflicts as the API
// server has them (apply-fields.ts); then the usual write path (defaults,
// storage) runs.
import { applyWithFieldManagement } from './apply-fields.js';
import { cloneJson } from './json.js';
import { ResourceRegistry } from './registry.js';
import { objectType } from './ssa-schema.js';
import type { ServerState } from './state.js';
import { timestamp } from './state.js';
import { ApiError, badRequest } from './status.js';
import { groupVersion, isObject, stringField, type KubeObject, type ResourceType } from './types.js';
import { createObject, updateObject } from './writes.js';

export interface ApplyResult {
  code: number;
  object: KubeObject;
}

function requireManager(query: URLSearchParams): string {
  const manager = query.get('fieldManager');
  if (manager) return manager;
  throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
    group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
  });
}

export function serverSideApply(state: ServerState, type: ResourceType, namespace: string, name: string, body: unknown, query: URLSearchParams, warnings: string[] = []): ApplyResult {
  const manager = requireManager(query);
  if (!isObject(body)) throw badRequest('the applied configuration must be an object');
  const bodyName = stringField(body.metadata, 'name');
  if (bodyName !== undefined && bodyName !== name) throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  const config: KubeObject = { ...body, metadata: { ...(isObject(body.metadata) ? body.metadata : {}), name } };
  const existing = state.store.get(ResourceRegistry.storageKey(type), type.namespaced ? namespace : '', name);
  const applied = applyWithFieldManagement({
    live: existing && cloneJson(existing),
    config,
    type: objectType(type),
    write: { manager, operation: 'Apply', apiVersion: groupVersion(type), time: timestamp(state) },
    force: query.get('force') === 'true',
    hasStatusSubresource: type.subresources.includes('status'),
  });
  const options = { manager, applied: true, dryRun: query.get('dryRun') === 'All', fieldValidation: query.get('fieldValidation') ?? undefined, warnings };
  if (!existing) return { code: 201, object: createObject(state, type, applied, namespace || undefined, options) };
  (applied.metadata as KubeObject).resourceVersion = (existing.metadata as KubeObject).resourceVersion;
  return { code: 200, object: updateObject(state, type, namespace, name, applied, '', options) };
}
