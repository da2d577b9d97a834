// Which objects a HorizontalPodAutoscaler scales, so that their spec.replicas
// (owned by the autoscaler, not by git) is not reported as drift.
import { ClusterError } from '../../errors.js';
import type { ApiClient } from './api-client.js';
import type { Discovery, ResourceInfo } from './discovery.js';
import { DEFAULT_THRESHOLDS } from './fetch-plan.js';
import { listCollection } from './list.js';
import { objectKey } from './object-key.js';

type Json = Record<string, unknown>;

// scaleTargetRef.apiVersion is optional in autoscaling/v1; the usual targets.
const DEFAULT_TARGET_API_VERSION: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  ReplicationController: 'v1',
};

/**
 * objectKey()s of the HPA targets in the namespaces ('all': everywhere).
 * Throws ClusterError when the autoscalers cannot be listed: without them the
 * replicas of scaled objects would be reported as drift.
 */
export async function listHpaTargets(client: ApiClient, discovery: Discovery, namespaces: readonly string[] | 'all'): Promise<Set<string>> {
  const info = discovery.lookup('autoscaling/v2', 'HorizontalPodAutoscaler') ?? discovery.lookup('autoscaling/v1', 'HorizontalPodAutoscaler');
  const targets = new Set<string>();
  if (!info) {
    // Served but undiscoverable is not "no autoscalers": their targets' replicas would look like drift.
    const failed = discovery.groupVersionError('autoscaling/v2') ?? discovery.groupVersionError('autoscaling/v1');
    if (failed) throw failed;
    return targets; // the cluster has no autoscalers
  }
  const collect = (hpa: Json) => {
    const namespace = (hpa.metadata as Json | undefined)?.namespace;
    const target = (hpa.spec as Json | undefined)?.scaleTargetRef as Json | undefined;
    if (typeof namespace !== 'string' || !target || typeof target.kind !== 'string' || typeof target.name !== 'string') return;
    const apiVersion = typeof target.apiVersion === 'string' ? target.apiVersion : (DEFAULT_TARGET_API_VERSION[target.kind] ?? 'v1');
    targets.add(objectKey({ apiVersion, kind: target.kind, namespace, name: target.name }));
  };
  const unique = namespaces === 'all' ? 'all' : [...new Set(namespaces)];
  if (unique !== 'all' && unique.length < DEFAULT_THRESHOLDS.allNamespacesMin) {
    await listEach(client, info, unique, collect);
    return targets;
  }
  try {
    await listCollection(client, info, undefined, 'horizontalpodautoscalers in all namespaces', collect, () => targets.clear());
  } catch (err) {
    // RBAC granted per namespace: list each namespace instead.
    if (unique === 'all' || !(err instanceof ClusterError) || err.status !== 403) throw err;
    targets.clear();
    await listEach(client, info, unique, collect);
  }
  return targets;
}

async function listEach(client: ApiClient, info: ResourceInfo, namespaces: readonly string[], collect: (hpa: Json) => void): Promise<void> {
  // Items are added as they come; a restarted list adds the same keys again,
  // which a Set absorbs.
  await Promise.all(namespaces.map((ns) => listCollection(client, info, ns, `horizontalpodautoscalers in namespace ${ns}`, collect)));
}
