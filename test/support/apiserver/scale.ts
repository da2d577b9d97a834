// The scale subresource (autoscaling/v1 Scale), as `kubectl scale` and HPAs use it.
import { ResourceRegistry } from './registry.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { getObject } from './reads.js';
import type { ServerState } from './state.js';
import { badRequest, conflict } from './status.js';
import { isObject, stringField, type KubeObject, type ResourceType } from './types.js';
import { updateObject } from './writes.js';

interface ScalePaths {
  spec: string[];
  status: string[];
  selector: string[] | undefined;
}

function pathOf(jsonPath: unknown): string[] | undefined {
  return typeof jsonPath === 'string' ? jsonPath.replace(/^\./, '').split('.') : undefined;
}

/** Built-in kinds keep replicas in spec/status; a CRD names its own paths. */
function scalePaths(state: ServerState, type: ResourceType): ScalePaths {
  if (!type.custom) return { spec: ['spec', 'replicas'], status: ['status', 'replicas'], selector: undefined };
  const crds = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' };
  const crd = state.store.get(ResourceRegistry.storageKey(crds), '', `${type.resource}.${type.group}`);
  const versions = isObject(crd?.spec) && Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
  const version = versions.find((v): v is KubeObject => isObject(v) && v.name === type.version);
  const scale = isObject(version?.subresources) && isObject(version.subresources.scale) ? version.subresources.scale : {};
  return {
    spec: pathOf(scale.specReplicasPath) ?? ['spec', 'replicas'],
    status: pathOf(scale.statusReplicasPath) ?? ['status', 'replicas'],
    selector: pathOf(scale.labelSelectorPath),
  };
}

function read(obj: unknown, path: string[]): unknown {
  let current = obj;
  for (const part of path) current = isObject(current) ? current[part] : undefined;
  return current;
}

function write(obj: KubeObject, path: string[], value: unknown): void {
  let current = obj;
  for (const part of path.slice(0, -1)) {
    if (!isObject(current[part])) current[part] = {};
    current = current[part] as KubeObject;
  }
  current[path[path.length - 1] as string] = value;
}

function selectorString(obj: KubeObject, paths: ScalePaths): string | undefined {
  if (paths.selector) return stringField({ v: read(obj, paths.selector) }, 'v');
  const selector = read(obj, ['spec', 'selector']);
  const labels = isObject(selector) && isObject(selector.matchLabels) ? selector.matchLabels : isObject(selector) ? selector : {};
  const text = Object.entries(labels).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${String(v)}`).join(',');
  return text || undefined;
}

function toScale(obj: KubeObject, paths: ScalePaths): KubeObject {
  const metadata = obj.metadata as KubeObject;
  const selector = selectorString(obj, paths);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: metadata.name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      uid: metadata.uid,
      resourceVersion: metadata.resourceVersion,
      creationTimestamp: metadata.creationTimestamp,
    },
    spec: { replicas: Number(read(obj, paths.spec) ?? 0) },
    status: { replicas: Number(read(obj, paths.status) ?? 0), ...(selector ? { selector } : {}) },
  };
}

export function getScale(state: ServerState, type: ResourceType, namespace: string, name: string): KubeObject {
  return toScale(getObject(state, type, namespace, name), scalePaths(state, type));
}

export function updateScale(state: ServerState, type: ResourceType, namespace: string, name: string, scale: KubeObject, manager?: string): KubeObject {
  const paths = scalePaths(state, type);
  const current = getObject(state, type, namespace, name);
  const replicas = isObject(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) throw badRequest('spec.replicas must be a non-negative integer');
  const expected = stringField(scale.metadata, 'resourceVersion');
  if (expected && expected !== stringField(current.metadata, 'resourceVersion')) throw conflict(type, name);
  const updated = structuredClone(current);
  write(updated, paths.spec, replicas);
  return toScale(updateObject(state, type, namespace, name, updated, 'scale', { manager }), paths);
}

export function patchScale(state: ServerState, type: ResourceType, namespace: string, name: string, patch: unknown, contentType: string, manager?: string): KubeObject {
  const patchType = patchTypeOf(contentType, { custom: false });
  const scale = getScale(state, type, namespace, name);
  return updateScale(state, type, namespace, name, applyPatch(scale, patch, patchType, 'Scale'), manager);
}
