// Health for every result of a check: Missing for absent objects, Unknown
// when the live object could not be read, else the kind's rule on the live
// object already fetched (its verdict, read as the object streamed by; no
// request of its own), its pods folded in with --pods, and the deadline
// applied with what the previous run remembered.
import { objectKey } from '../cluster/object-key.js';
import type { ObjectHealth, ObjectResult } from '../result.js';
import { judge, type DeadlineContext } from './deadline.js';
import type { LiveHealth } from './live.js';
import type { HealthState, RememberedObject } from './memory.js';
import type { PodsFinding } from './pods/summary.js';
import { degraded, type Verdict } from './verdict.js';

export interface AttachOptions extends DeadlineContext {
  /** With --pods: what the pods of each workload say, by the workload's objectKey(). */
  readonly pods?: ReadonlyMap<string, PodsFinding>;
  /** Pod restart counts for the next run (from the pods listing). */
  readonly podRestarts?: ReadonlyMap<string, number>;
}

export interface Attached {
  readonly objects: ObjectResult[];
  /** What the next run needs to know. */
  readonly state: HealthState;
}

export function attachHealth(results: readonly ObjectResult[], liveHealth: (key: string) => LiveHealth | undefined, options: AttachOptions): Attached {
  const remembered = new Map<string, RememberedObject>();
  const objects = results.map((result): ObjectResult => {
    const key = objectKey(result.ref);
    const health = healthOf(result, key, liveHealth(key), options, remembered);
    return { ...result, health };
  });
  return { objects, state: { at: options.now, objects: remembered, podRestarts: options.podRestarts ?? new Map() } };
}

function healthOf(result: ObjectResult, key: string, live: LiveHealth | undefined, options: AttachOptions, remembered: Map<string, RememberedObject>): ObjectHealth {
  let verdict: Verdict;
  if (result.state === 'missing') verdict = { status: 'Missing', reason: 'in git, not in the cluster' };
  else if (result.state === 'error' || !live) verdict = { status: 'Unknown', reason: 'the live object could not be read' };
  else verdict = withPods(live.verdict, options.pods?.get(key));
  const judged = judge(key, verdict, options);
  if (judged.remembered) remembered.set(key, judged.remembered);
  const pods = options.pods?.get(key);
  return pods ? { ...judged.health, pods: { pods: pods.pods, ready: pods.ready, restarts: pods.restarts } } : judged.health;
}

/** A broken pod makes its workload Degraded, whatever its own status says (unless it already is). */
function withPods(verdict: Verdict, pods: PodsFinding | undefined): Verdict {
  if (!pods?.broken || verdict.status === 'Degraded') return verdict;
  return degraded(pods.broken);
}
