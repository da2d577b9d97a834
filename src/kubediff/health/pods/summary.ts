// What a workload's pods say: how many are ready, how many containers
// restarted since the previous run, and the first broken one (a crash loop,
// an image that cannot be pulled, a container that restarted and is not
// ready). Each pod is read once as the list streams by and only this digest
// is kept, never the pod.
import { brokenContainer, containerStates } from '../pod.js';
import { conditionOf, oneLine, plural, stringAt, type Json } from '../read.js';

export interface PodsFinding {
  readonly pods: number;
  readonly ready: number;
  /** Container restarts since the previous run. */
  readonly restarts: number;
  /** Why the workload is broken, naming the pod and container; absent when none is. */
  readonly broken?: string;
}

interface PodDigest {
  readonly name: string;
  /** `<namespace>/<uid>`: the key of remembered restart counts. */
  readonly id: string;
  readonly ready: boolean;
  readonly active: boolean;
  readonly restartTotal: number;
  readonly broken?: string;
  /** A container not ready now that has restarts: broken if any happened since the previous run. */
  readonly restartedNotReady?: string;
}

export function digestPod(pod: Json): PodDigest {
  const name = stringAt(pod, 'metadata', 'name') ?? '?';
  const id = `${stringAt(pod, 'metadata', 'namespace') ?? ''}/${stringAt(pod, 'metadata', 'uid') ?? name}`;
  const phase = stringAt(pod, 'status', 'phase');
  const active = phase !== 'Succeeded' && phase !== 'Failed' && stringAt(pod, 'metadata', 'deletionTimestamp') === undefined;
  const containers = containerStates(pod);
  const broken = active ? brokenContainer(pod) : undefined;
  const restarted = active ? containers.find((c) => !c.ready && c.restartCount > 0) : undefined;
  const ready = active && conditionOf(pod, 'Ready')?.status === 'True';
  return {
    name,
    id,
    ready,
    active,
    restartTotal: containers.reduce((sum, c) => sum + c.restartCount, 0),
    ...(broken ? { broken: `pod ${name}: ${broken}` } : {}),
    ...(restarted ? { restartedNotReady: `pod ${name}: container ${restarted.name} restarted and is not ready${restarted.lastTermination ? ` (last exit ${restarted.lastTermination})` : ''}` } : {}),
  };
}

/** Builds each workload's finding from its pods' digests, with restart counts compared to the previous run's. */
export class PodsTally {
  private readonly digests = new Map<string, PodDigest[]>();

  constructor(private readonly previousRestarts: ReadonlyMap<string, number> | undefined) {}

  /** A workload whose pods were listed: it has a finding even with no pod at all. */
  expect(workloadKey: string): void {
    if (!this.digests.has(workloadKey)) this.digests.set(workloadKey, []);
  }

  add(workloadKey: string, digest: PodDigest): void {
    const list = this.digests.get(workloadKey);
    if (list) list.push(digest);
    else this.digests.set(workloadKey, [digest]);
  }

  /** Restart totals to remember, for pods with restarts. */
  restartTotals(): Map<string, number> {
    const totals = new Map<string, number>();
    for (const list of this.digests.values()) for (const d of list) if (d.restartTotal > 0) totals.set(d.id, d.restartTotal);
    return totals;
  }

  findings(): Map<string, PodsFinding> {
    const findings = new Map<string, PodsFinding>();
    for (const [key, list] of this.digests) findings.set(key, this.finding(list));
    return findings;
  }

  private restartsSince(digest: PodDigest): number {
    // The first run has nothing to compare with: restarts before it are history, not news.
    if (!this.previousRestarts) return 0;
    return Math.max(0, digest.restartTotal - (this.previousRestarts.get(digest.id) ?? 0));
  }

  private finding(list: readonly PodDigest[]): PodsFinding {
    const sorted = [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const active = sorted.filter((d) => d.active);
    let restarts = 0;
    const broken: string[] = [];
    for (const digest of sorted) {
      const since = this.restartsSince(digest);
      restarts += since;
      if (digest.broken) broken.push(digest.broken);
      else if (since > 0 && digest.restartedNotReady) broken.push(`${digest.restartedNotReady}, ${plural(since, 'restart')} since the last run`);
    }
    const more = broken.length > 1 ? ` (and ${plural(broken.length - 1, 'more pod')})` : '';
    return {
      pods: active.length,
      ready: active.filter((d) => d.ready).length,
      restarts,
      ...(broken.length > 0 ? { broken: `${oneLine(broken[0] as string)}${more}` } : {}),
    };
  }
}
