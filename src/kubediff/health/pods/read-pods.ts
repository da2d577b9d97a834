// --pods: one LIST of pods per namespace that holds one of git's workloads
// (paged, streamed: each pod is reduced to a digest as it arrives), matched
// to the workloads by owner references. A namespace whose pods cannot be
// listed is a notice, never an error: health does not change the exit code.
import { ClusterError } from '../../../errors.js';
import type { ClusterReader } from '../../cluster/index.js';
import type { HealthState } from '../memory.js';
import type { WorkloadIndex } from './owners.js';
import { digestPod, PodsTally, type PodsFinding } from './summary.js';

export interface PodsReading {
  readonly findings: Map<string, PodsFinding>;
  /** Restart totals by `<namespace>/<pod uid>`, for the next run. */
  readonly restartTotals: Map<string, number>;
  readonly notices: string[];
}

type PodLister = Pick<ClusterReader, 'listEach'>;

export async function readPods(reader: PodLister, workloads: WorkloadIndex, previous: HealthState | undefined): Promise<PodsReading> {
  const tally = new PodsTally(previous?.podRestarts);
  const notices: string[] = [];
  const failed: string[] = [];
  await Promise.all(
    workloads.namespaces.map(async (namespace) => {
      let seen: [string, ReturnType<typeof digestPod>][] = [];
      try {
        await reader.listEach('v1', 'Pod', namespace, (pod) => {
          const owner = workloads.ownerOf(pod);
          if (owner) seen.push([owner, digestPod(pod)]);
        }, () => {
          seen = [];
        });
      } catch (error) {
        if (!(error instanceof ClusterError) || error.reason === 'aborted') throw error;
        failed.push(namespace);
        notices.push(`--pods: cannot list pods in namespace ${namespace}, so its workloads' health leaves their pods out: ${error.message}`);
        return;
      }
      for (const key of workloads.workloadsIn(namespace)) tally.expect(key);
      for (const [owner, digest] of seen) tally.add(owner, digest);
    }),
  );
  const restartTotals = tally.restartTotals();
  // Keep what the last run knew of pods we could not see, so their restarts are not counted twice later.
  for (const [id, count] of previous?.podRestarts ?? []) {
    if (failed.some((namespace) => id.startsWith(`${namespace}/`))) restartTotals.set(id, count);
  }
  return { findings: tally.findings(), restartTotals, notices: notices.sort() };
}
