// Places each manifest object in the cluster: the served resource for its
// apiVersion and kind, and its namespace (the manifest's own, else
// --namespace, else the context's; none for cluster-scoped kinds). An object
// the cluster does not serve is an error for that object, never drift; a name
// or namespace the API server would refuse is a manifest error, never a request.
import { objectKey, type Discovery } from '../cluster/index.js';
import { invalidNameError } from '../identity/index.js';
import type { ManifestObject } from '../manifests/index.js';
import type { CheckError, ObjectRef, SourceLocation } from '../result.js';

export interface Placed {
  readonly manifest: ManifestObject;
  readonly source: SourceLocation;
  readonly ref: ObjectRef;
  /** objectKey(ref), computed once: it keys duplicates, fetch results and HPA targets. */
  readonly key: string;
  /** Set when the object cannot be checked (unserved kind, failed group discovery, no valid namespace). */
  readonly error?: CheckError;
  /** Set when the manifest itself is invalid (a name the API server would refuse): a run error, not an object. */
  readonly invalid?: CheckError;
}

/** `defaultNamespace` undefined: the context's namespace is not valid, so objects that set none cannot be placed. */
export function placeObject(manifest: ManifestObject, discovery: Discovery, defaultNamespace: string | undefined): Placed {
  const { apiVersion, kind, name } = manifest;
  const info = discovery.lookup(apiVersion, kind);
  const namespace = info && !info.namespaced ? undefined : (manifest.namespace ?? defaultNamespace);
  const ref: ObjectRef = { apiVersion, kind, ...(namespace === undefined ? {} : { namespace }), name };
  const placed = { manifest, source: manifest.source, ref, key: objectKey(ref) };
  const invalid = invalidNameError(manifest, info?.namespaced);
  if (invalid) return { ...placed, invalid };
  if (!info) {
    const failed = discovery.groupVersionError(apiVersion);
    const error: CheckError = failed
      ? { kind: 'cluster', message: `cannot check ${kind} ${name}: ${failed.message}`, object: ref, ...(failed.status === undefined ? {} : { status: failed.status }) }
      : { kind: 'unserved', message: `no kind ${kind} in group/version ${apiVersion} is served: install its CustomResourceDefinition (or API service), or fix apiVersion and kind; \`kubectl api-resources\` lists what the cluster serves`, object: ref };
    return { ...placed, error };
  }
  if (info.namespaced && namespace === undefined) {
    const message = "no valid namespace to look for it in: the manifest sets none and the kubeconfig context's namespace is not a valid name (see the error above); set metadata.namespace, fix the context or pass --namespace";
    return { ...placed, error: { kind: 'cluster', message, object: ref } };
  }
  return placed;
}

/** Does the manifest set spec.replicas, which a HorizontalPodAutoscaler may own instead of git? */
export function setsReplicas(manifest: ManifestObject): boolean {
  const spec = manifest.object.spec;
  return typeof spec === 'object' && spec !== null && 'replicas' in spec;
}

/**
 * The manifest as the API server would take it: a namespace set on a
 * cluster-scoped kind is ignored by the server, so it is not compared either.
 */
export function desiredObject(placed: Placed): Record<string, unknown> {
  const object = placed.manifest.object;
  if (placed.ref.namespace !== undefined || placed.manifest.namespace === undefined) return object;
  const { namespace: _ignored, ...metadata } = object.metadata as Record<string, unknown>;
  return { ...object, metadata };
}
