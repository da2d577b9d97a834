// Shapes shared by the emulated API server's parts: objects are raw JSON, as
// the real server stores and returns them.

export type KubeObject = Record<string, unknown>;

/** One REST resource the server serves, as discovery describes it. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Array<'status' | 'scale'>;
  /** Set for kinds served from a CustomResourceDefinition. */
  custom: boolean;
  /** Whether the server maintains metadata.generation for this kind. */
  hasGeneration: boolean;
  /** Verbs discovery lists, when not all of them (create-only reviews). */
  verbs?: string[];
  /** A custom resource's structural schema for this version (the CRD's openAPIV3Schema), when it has one. */
  schema?: Record<string, unknown>;
}

export function isObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function metadataOf(obj: KubeObject): KubeObject {
  if (!isObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as KubeObject;
}

export function stringField(obj: unknown, key: string): string | undefined {
  if (!isObject(obj)) return undefined;
  const value = obj[key];
  return typeof value === 'string' ? value : undefined;
}

export function groupVersion(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `deployments.apps`, or `pods` for the core group: how Status messages name a resource. */
export function qualifiedResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

/** Splits `apps/v1` into group and version; `v1` is the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
