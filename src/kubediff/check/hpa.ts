// Which objects a HorizontalPodAutoscaler scales, asked only when it matters:
// for the namespaces of objects whose manifest sets spec.replicas (asked while
// the objects are fetched, so before knowing which of them exist).
import { ClusterError } from '../../errors.js';
import type { ClusterReader } from '../cluster/index.js';
import type { CheckError } from '../result.js';
import { clusterCheckError } from './errors.js';
import { setsReplicas, type Placed } from './resolve.js';

export async function listHpaTargets(
  reader: ClusterReader,
  checkable: readonly Placed[],
  errors: CheckError[],
): Promise<Set<string>> {
  const namespaces = new Set<string>();
  for (const p of checkable) {
    if (setsReplicas(p.manifest) && p.ref.namespace) namespaces.add(p.ref.namespace);
  }
  if (namespaces.size === 0) return new Set();
  try {
    return await reader.listHpaTargets([...namespaces].sort());
  } catch (error) {
    if (!(error instanceof ClusterError) || error.reason === 'aborted') throw error;
    // Without the autoscalers, replicas they own would look like drift: say so.
    errors.push({
      ...clusterCheckError(error),
      message: `cannot list HorizontalPodAutoscalers, so spec.replicas of autoscaled objects may be reported as drift: ${error.message}`,
    });
    return new Set();
  }
}
