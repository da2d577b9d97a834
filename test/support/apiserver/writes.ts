// The write path every create, update, patch and delete goes through: checks,
// server-owned metadata, defaults, generation, then storage and side effects.
import { randomUUID } from 'node:crypto';
import { aggregateClusterRoles } from './aggregation.js';
import { toStorage } from './conversion.js';
import { serveCrd, unserveCrd } from './crd.js';
import { applyAllocations, applyDefaults } from './defaults.js';
import { enforceCustomResourceSchema } from './custom-resource-schema.js';
import { isTerminating, namespaceObject, terminateNamespace, terminatingError } from './namespaces.js';
import { jsonEqual } from './json.js';
import { recordUpdate, type FieldScope } from './managed-fields.js';
import { nameValidationMessage } from './name-validation.js';
import { ResourceRegistry } from './registry.js';
import { objectType } from './ssa-schema.js';
import type { ServerState } from './state.js';
import { randomSuffix, timestamp } from './state.js';
import { alreadyExists, badRequest, conflict, invalid, notFound } from './status.js';
import { groupVersion, isObject, stringField, type KubeObject, type ResourceType } from './types.js';
import { templateHash } from './controllers/hash.js';

const NAMESPACES: Pick<ResourceType, 'group' | 'resource'> = { group: '', resource: 'namespaces' };
const METADATA_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

export interface WriteOptions {
  /** Skips the check that the namespace exists (test helpers create it themselves). */
  skipNamespaceCheck?: boolean;
  /** The field manager recorded in managedFields (default: the test helper's name). */
  manager?: string;
  /** The body carries the managedFields server-side apply worked out: record no Update. */
  applied?: boolean;
  /** ?dryRun=All: everything runs, nothing is stored. */
  dryRun?: boolean;
  /** ?fieldValidation=: Strict refuses unknown fields of a custom resource, Warn (the default) reports them in `warnings`, Ignore drops them silently. */
  fieldValidation?: string;
  /** Warnings for the response's Warning headers (unknown fields dropped). */
  warnings?: string[];
}

const HELPER_MANAGER = 'kubediff-test';

/**
 * What the controllers write back for this object (controllers/): its status,
 * a Deployment's revision annotation, a claim's volume; recorded in
 * managedFields under their own managers.
 */
function runControllers(state: ServerState, type: ResourceType, obj: KubeObject, previous: KubeObject | undefined): void {
  const write = state.controllers.onWrite(type, obj, previous);
  if (!write) return;
  const time = timestamp(state);
  const hasStatus = type.subresources.includes('status');
  // A change of the object itself (a claim's volumeName and binding annotations) is the controller's main-resource update.
  if (write.before) recordUpdate(obj, write.before, objectType(type), { manager: write.manager, operation: 'Update', apiVersion: groupVersion(type), time }, 'main', hasStatus);
  const metadata = obj.metadata as KubeObject;
  const before: KubeObject = { metadata: { annotations: metadata.annotations, managedFields: metadata.managedFields }, status: obj.status };
  if (type.kind === 'Deployment') {
    const oldAnnotations = isObject(previous?.metadata) && isObject(previous.metadata.annotations) ? previous.metadata.annotations : {};
    const oldRevision = Number(oldAnnotations['deployment.kubernetes.io/revision'] ?? 0);
    const templateChanged = !previous || templateHash((previous.spec as KubeObject | undefined)?.template) !== templateHash((obj.spec as KubeObject).template);
    const revision = templateChanged || oldRevision === 0 ? oldRevision + 1 : oldRevision;
    metadata.annotations = { ...(isObject(metadata.annotations) ? metadata.annotations : {}), 'deployment.kubernetes.io/revision': String(revision) };
  }
  obj.status = write.status;
  // Real Deployments show the revision annotation in the controller's status entry, as here.
  const statusWrite = { manager: write.manager, operation: 'Update' as const, apiVersion: groupVersion(type), time, subresource: 'status' };
  recordUpdate(obj, before, objectType(type), statusWrite, 'controller', hasStatus);
}

/** Records a create, update or patch in managedFields (Apply has done so already). */
function recordWrite(state: ServerState, type: ResourceType, obj: KubeObject, previous: KubeObject | undefined, subresource: string, options: WriteOptions): void {
  if (options.applied) return;
  const write = { manager: options.manager ?? HELPER_MANAGER, operation: 'Update' as const, apiVersion: groupVersion(type), time: timestamp(state), ...(subresource ? { subresource } : {}) };
  const scope: FieldScope = subresource === 'status' ? 'status' : 'main';
  recordUpdate(obj, previous, objectType(type), write, scope, type.subresources.includes('status'));
}

function orderedMetadata(metadata: KubeObject): KubeObject {
  const ordered: KubeObject = {};
  for (const key of METADATA_ORDER) if (metadata[key] !== undefined) ordered[key] = metadata[key];
  for (const [key, value] of Object.entries(metadata)) if (!(key in ordered) && value !== undefined) ordered[key] = value;
  return ordered;
}

/** apiVersion, kind and metadata first, like the real server's encoding. */
function finish(type: ResourceType, obj: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
  return { apiVersion: groupVersion(type), kind: type.kind, metadata: orderedMetadata(metadata as KubeObject), ...rest };
}

function checkTypeMeta(type: ResourceType, obj: KubeObject): void {
  const apiVersion = stringField(obj, 'apiVersion');
  if (apiVersion !== undefined && apiVersion !== groupVersion(type)) {
    throw badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${groupVersion(type)})`);
  }
  const kind = stringField(obj, 'kind');
  if (kind !== undefined && kind !== type.kind) {
    throw badRequest(`the kind in the data (${kind}) does not match the expected kind (${type.kind})`);
  }
}

function resolveNamespace(type: ResourceType, metadata: KubeObject, namespace: string | undefined): string {
  if (!type.namespaced) {
    delete metadata.namespace;
    return '';
  }
  const inBody = stringField(metadata, 'namespace');
  if (namespace && inBody && inBody !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const resolved = namespace || inBody || '';
  if (!resolved) throw badRequest('the namespace of the object is required');
  metadata.namespace = resolved;
  return resolved;
}

export function namespaceExists(state: ServerState, namespace: string): boolean {
  return state.store.get(ResourceRegistry.storageKey(NAMESPACES), '', namespace) !== undefined;
}

export function createObject(state: ServerState, requested: ResourceType, requestBody: KubeObject, namespace: string | undefined, options: WriteOptions = {}): KubeObject {
  checkTypeMeta(requested, requestBody);
  const { type, body } = toStorage(state.registry, requested, requestBody);
  const obj = { ...body };
  const metadata = (obj.metadata = isObject(body.metadata) ? { ...body.metadata } : {});
  const ns = resolveNamespace(type, metadata, namespace);
  if (!metadata.name && typeof metadata.generateName === 'string' && metadata.generateName) {
    metadata.name = `${metadata.generateName}${randomSuffix()}`;
  }
  const name = stringField(metadata, 'name') ?? '';
  if (!name) throw invalid(type, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
  const nameInvalid = nameValidationMessage(type, name);
  if (nameInvalid) throw invalid(type, name, [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: nameInvalid }]);
  if (ns && !options.skipNamespaceCheck) {
    const namespaceObj = namespaceObject(state, ns);
    if (!namespaceObj) throw notFound(NAMESPACES, ns);
    if (isTerminating(namespaceObj)) throw terminatingError(ns);
  }
  const storageKey = ResourceRegistry.storageKey(type);
  if (state.store.get(storageKey, ns, name)) throw alreadyExists(type, name);

  for (const key of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']) delete metadata[key];
  metadata.uid = randomUUID();
  metadata.creationTimestamp = timestamp(state);
  if (type.hasGeneration) metadata.generation = 1;
  if (!options.applied) delete metadata.managedFields;
  enforceCustomResourceSchema(type, obj, options);
  applyDefaults(state, type, obj, undefined);
  recordWrite(state, type, obj, undefined, '', options);
  applyAllocations(state, type, obj, undefined);
  // Controllers act on stored objects only, so a dry run shows none of their work.
  if (options.dryRun) return finish(type, obj);
  runControllers(state, type, obj, undefined);
  const revision = state.store.nextRevision();
  metadata.resourceVersion = String(revision);
  const stored = finish(type, obj);
  state.store.put(storageKey, ns, name, stored, revision);
  afterWrite(state, type, stored);
  return stored;
}

function specOf(obj: KubeObject): KubeObject {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

/** PUT semantics; `subresource: 'status'` changes only the status. */
export function updateObject(state: ServerState, requested: ResourceType, namespace: string, name: string, requestBody: KubeObject, subresource = '', options: WriteOptions = {}): KubeObject {
  checkTypeMeta(requested, requestBody);
  const { type, body } = toStorage(state.registry, requested, requestBody);
  const storageKey = ResourceRegistry.storageKey(type);
  const ns = type.namespaced ? namespace : '';
  const existing = state.store.get(storageKey, ns, name);
  if (!existing) throw notFound(type, name);
  const metadata = isObject(body.metadata) ? { ...body.metadata } : {};
  const bodyName = stringField(metadata, 'name');
  if (bodyName !== undefined && bodyName !== name) {
    throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  }
  const oldMeta = existing.metadata as KubeObject;
  const expectedVersion = stringField(metadata, 'resourceVersion');
  if (expectedVersion && expectedVersion !== oldMeta.resourceVersion) throw conflict(type, name);
  const expectedUid = stringField(metadata, 'uid');
  if (expectedUid && expectedUid !== oldMeta.uid) throw conflict(type, name);

  let obj: KubeObject;
  if (subresource === 'status') {
    obj = { ...existing, metadata: { ...oldMeta }, status: body.status };
  } else {
    obj = { ...body, metadata: { ...metadata, name } };
    if (ns) (obj.metadata as KubeObject).namespace = ns;
    if (type.subresources.includes('status')) obj.status = existing.status;
    const newMeta = obj.metadata as KubeObject;
    for (const key of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation']) {
      if (oldMeta[key] === undefined) delete newMeta[key];
      else newMeta[key] = oldMeta[key];
    }
    newMeta.managedFields ??= oldMeta.managedFields;
  }
  enforceCustomResourceSchema(type, obj, options);
  applyDefaults(state, type, obj, existing);
  const newMeta = obj.metadata as KubeObject;
  if (type.hasGeneration && subresource !== 'status' && !jsonEqual(specOf(obj), specOf(existing))) {
    newMeta.generation = Number(oldMeta.generation ?? 0) + 1;
  }
  recordWrite(state, type, obj, existing, subresource, options);
  if (subresource !== 'status') applyAllocations(state, type, obj, existing);
  if (subresource !== 'status' && !options.dryRun) runControllers(state, type, obj, existing);
  newMeta.resourceVersion = oldMeta.resourceVersion;
  const candidate = finish(type, obj);
  // A no-op update keeps the resourceVersion, as on a real server.
  if (jsonEqual(candidate, existing)) return existing;
  if (options.dryRun) return candidate;
  const revision = state.store.nextRevision();
  (candidate.metadata as KubeObject).resourceVersion = String(revision);
  // The last finalizer removed from an object being deleted lets the deletion finish.
  if ((candidate.metadata as KubeObject).deletionTimestamp !== undefined && !hasFinalizers(candidate)) {
    state.store.remove(storageKey, ns, name, revision);
    afterDelete(state, type, candidate);
    return candidate;
  }
  state.store.put(storageKey, ns, name, candidate, revision);
  afterWrite(state, type, candidate);
  return candidate;
}

function hasFinalizers(obj: KubeObject): boolean {
  const finalizers = (obj.metadata as KubeObject).finalizers;
  return Array.isArray(finalizers) && finalizers.length > 0;
}

export function deleteObject(state: ServerState, type: ResourceType, namespace: string, name: string, options: WriteOptions = {}): KubeObject {
  const storageKey = ResourceRegistry.storageKey(type);
  const ns = type.namespaced ? namespace : '';
  const existing = state.store.get(storageKey, ns, name);
  if (!existing) throw notFound(type, name);
  if (options.dryRun) return existing;
  if (type.group === '' && type.resource === 'namespaces') return terminateNamespace(state, existing);
  const metadata = existing.metadata as KubeObject;
  if (hasFinalizers(existing)) {
    // Finalizers hold the object: it is only marked, until they are removed.
    if (metadata.deletionTimestamp !== undefined) return existing;
    const revision = state.store.nextRevision();
    const marked = { ...existing, metadata: { ...metadata, resourceVersion: String(revision), deletionTimestamp: timestamp(state), deletionGracePeriodSeconds: 0 } };
    state.store.put(storageKey, ns, name, marked, revision);
    return marked;
  }
  state.store.remove(storageKey, ns, name, state.store.nextRevision());
  afterDelete(state, type, existing);
  return existing;
}

function afterDelete(state: ServerState, type: ResourceType, obj: KubeObject): void {
  if (type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions') unserveCrd(state, obj);
  if (type.group === 'rbac.authorization.k8s.io' && type.resource === 'clusterroles') aggregateClusterRoles(state);
  state.controllers.afterDelete(type, obj);
}

function afterWrite(state: ServerState, type: ResourceType, obj: KubeObject): void {
  if (type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions') serveCrd(state, obj);
  if (type.group === 'rbac.authorization.k8s.io' && type.resource === 'clusterroles') aggregateClusterRoles(state);
  state.controllers.afterWrite(type, obj);
}
