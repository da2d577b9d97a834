// CustomResourceDefinitions: a stored CRD makes its kinds served at every
// served version (discovery and REST); deleting it takes them away again.
import type { ServerState } from './state.js';
import { ResourceRegistry } from './registry.js';
import { isObject, stringField, type KubeObject, type ResourceType } from './types.js';

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v2, v1, v1beta2, v1beta1, v1alpha1). */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(beta|alpha)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pb[i] as number) - (pa[i] as number);
  return 0;
}

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: { status?: unknown; scale?: unknown };
  schema?: { openAPIV3Schema?: unknown };
}

function crdVersions(crd: KubeObject): CrdVersion[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  return (Array.isArray(spec.versions) ? spec.versions : []).filter(isObject) as unknown as CrdVersion[];
}

export function crdResourceTypes(crd: KubeObject): ResourceType[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const kind = stringField(names, 'kind') ?? '';
  const served = crdVersions(crd)
    .filter((v) => v.served !== false)
    .sort((a, b) => compareKubeVersions(a.name, b.name));
  return served.map((version) => ({
    group: stringField(spec, 'group') ?? '',
    version: version.name,
    resource: stringField(names, 'plural') ?? '',
    kind,
    listKind: stringField(names, 'listKind') ?? `${kind}List`,
    singular: stringField(names, 'singular') ?? kind.toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames: Array.isArray(names.shortNames) ? (names.shortNames as string[]) : [],
    categories: Array.isArray(names.categories) ? (names.categories as string[]) : [],
    subresources: [
      ...(isObject(version.subresources) && version.subresources.status !== undefined ? (['status'] as const) : []),
      ...(isObject(version.subresources) && version.subresources.scale !== undefined ? (['scale'] as const) : []),
    ],
    custom: true,
    hasGeneration: true,
    ...(isObject(version.schema) && isObject(version.schema.openAPIV3Schema) ? { schema: version.schema.openAPIV3Schema } : {}),
  }));
}

/** Fields the API server fills in on a CRD, and the status that says it is established. */
export function defaultCrd(crd: KubeObject, now: string): void {
  const spec = isObject(crd.spec) ? crd.spec : (crd.spec = {});
  const names = isObject(spec.names) ? spec.names : (spec.names = {});
  if (typeof names.kind === 'string') {
    names.singular ??= names.kind.toLowerCase();
    names.listKind ??= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  const storage = crdVersions(crd).find((v) => v.storage)?.name;
  crd.status = {
    acceptedNames: { ...names },
    conditions: [
      { lastTransitionTime: now, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
      { lastTransitionTime: now, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
    ],
    storedVersions: storage ? [storage] : [],
  };
}

export function serveCrd(state: ServerState, crd: KubeObject): void {
  const name = stringField(crd.metadata, 'name') ?? '';
  state.registry.setCustom(name, crdResourceTypes(crd));
}

/** Stops serving a CRD's kinds and drops their objects, as deleting a CRD does. */
export function unserveCrd(state: ServerState, crd: KubeObject): void {
  const name = stringField(crd.metadata, 'name') ?? '';
  const removed = state.registry.removeCustom(name);
  const first = removed[0];
  if (first) state.store.removeAll(ResourceRegistry.storageKey(first));
}
