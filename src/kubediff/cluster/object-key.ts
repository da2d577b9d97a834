// The identity of an object independent of the API version it is read at:
// kind, API group, namespace and name. `apps/v1` and `apps/v1beta2`
// Deployments named the same are the same object.
import type { ObjectRef } from '../result.js';

/** e.g. `Deployment.apps/default/web`, `ConfigMap/default/settings`, `ClusterRole.rbac.authorization.k8s.io//view`. */
export function objectKey(ref: ObjectRef): string {
  const group = groupOf(ref.apiVersion);
  return `${ref.kind}${group ? `.${group}` : ''}/${ref.namespace ?? ''}/${ref.name}`;
}

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> '' (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
