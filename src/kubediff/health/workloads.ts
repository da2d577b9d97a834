// Deployments, StatefulSets, DaemonSets and ReplicaSets: has the controller
// seen the latest spec, and are enough pods updated and available? The
// checks and their order follow `kubectl rollout status`, so both tools
// agree on when a rollout is done.
import { at, conditionOf, conditionText, numberAt, plural, stringAt, type Json } from './read.js';
import { degraded, healthy, progressing, suspended, type Verdict } from './verdict.js';

/** progressDeadlineSeconds at this value means "no deadline" to the deployment controller. */
const NO_DEADLINE = 2147483647;

/** Progressing while the controller has not reported on the latest generation; undefined once it has. */
function unobserved(object: Json, controller: string, extra: Omit<Verdict, 'status' | 'reason'> = {}): Verdict | undefined {
  const generation = numberAt(object, 'metadata', 'generation');
  const observed = numberAt(object, 'status', 'observedGeneration');
  if (generation === undefined) return undefined;
  if (observed === undefined) return progressing(`waiting for the ${controller} controller to report status`, { ...extra, progress: 'unobserved' });
  if (observed >= generation) return undefined;
  return progressing(`waiting for the ${controller} controller to observe generation ${generation} (it has seen ${observed})`, { ...extra, progress: `observed ${observed}` });
}

function oldPods(count: number): string {
  return count === 1 ? '1 pod keeps' : `${count} pods keep`;
}

export function deploymentHealth(deployment: Json): Verdict {
  const deadline = numberAt(deployment, 'spec', 'progressDeadlineSeconds');
  const deadlineSeconds = deadline === undefined ? undefined : deadline >= NO_DEADLINE ? ('none' as const) : deadline;
  if (at(deployment, 'spec', 'paused') === true) return suspended('rollout paused (spec.paused)');
  const pending = unobserved(deployment, 'deployment', deadlineSeconds === undefined ? {} : { deadlineSeconds });
  if (pending) return pending;

  const progressingCondition = conditionOf(deployment, 'Progressing');
  if (progressingCondition?.reason === 'ProgressDeadlineExceeded') return degraded(conditionText(progressingCondition, 'progress deadline exceeded'));

  const wanted = numberAt(deployment, 'spec', 'replicas') ?? 1;
  const updated = numberAt(deployment, 'status', 'updatedReplicas') ?? 0;
  const total = numberAt(deployment, 'status', 'replicas') ?? 0;
  const available = numberAt(deployment, 'status', 'availableReplicas') ?? 0;
  const failure = conditionOf(deployment, 'ReplicaFailure');
  const why = failure?.status === 'True' ? `; ${conditionText(failure, 'cannot create pods')}` : '';
  const extra = {
    progress: `${updated}/${available}/${total}`,
    ...(progressingCondition?.lastUpdateTime ? { progressAt: progressingCondition.lastUpdateTime } : {}),
    ...(deadlineSeconds === undefined ? {} : { deadlineSeconds }),
  };
  if (updated < wanted) return progressing(`${updated} of ${plural(wanted, 'replica')} updated${why}`, extra);
  if (total > updated) return progressing(`${plural(total - updated, 'old replica')} pending termination${why}`, extra);
  if (available < updated) return progressing(`${available} of ${updated} updated replicas available${why}`, extra);
  return healthy(`${plural(wanted, 'replica')} updated and available`);
}

export function statefulSetHealth(set: Json): Verdict {
  const pending = unobserved(set, 'statefulset');
  if (pending) return pending;
  const wanted = numberAt(set, 'spec', 'replicas') ?? 1;
  const ready = numberAt(set, 'status', 'readyReplicas') ?? 0;
  const updated = numberAt(set, 'status', 'updatedReplicas') ?? 0;
  const current = stringAt(set, 'status', 'currentRevision');
  const update = stringAt(set, 'status', 'updateRevision');
  const extra = { progress: `${updated}/${ready}/${current ?? ''}` };
  if (ready < wanted) return progressing(`${ready} of ${plural(wanted, 'pod')} ready`, extra);
  if (stringAt(set, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    // Pods take the new revision only when someone deletes them: not a rollout to wait for.
    const reported = numberAt(set, 'status', 'updatedReplicas') !== undefined;
    const old = reported && current !== update && updated < wanted ? `; ${oldPods(wanted - updated)} the old revision until deleted (updateStrategy OnDelete)` : '';
    return healthy(`${plural(wanted, 'pod')} ready${old}`);
  }
  const partition = numberAt(set, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
  if (partition > 0) {
    const target = Math.max(0, wanted - partition);
    if (updated < target) return progressing(`${updated} of ${plural(target, 'pod')} from partition ${partition} up updated`, extra);
    return healthy(`partitioned rollout done: ${updated} of ${plural(wanted, 'pod')} updated`);
  }
  if (update !== undefined && current !== update) {
    return progressing(`${updated} of ${plural(wanted, 'pod')} updated to revision ${update}`, extra);
  }
  return healthy(`${plural(wanted, 'pod')} ready${current ? ` at revision ${current}` : ''}`);
}

export function daemonSetHealth(set: Json): Verdict {
  const pending = unobserved(set, 'daemonset');
  if (pending) return pending;
  const desired = numberAt(set, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = numberAt(set, 'status', 'updatedNumberScheduled') ?? 0;
  const available = numberAt(set, 'status', 'numberAvailable') ?? 0;
  const extra = { progress: `${updated}/${available}` };
  if (stringAt(set, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    if (available < desired) return progressing(`${available} of ${plural(desired, 'pod')} available`, extra);
    const reported = numberAt(set, 'status', 'updatedNumberScheduled') !== undefined;
    const old = reported && updated < desired ? `; ${oldPods(desired - updated)} the old template until deleted (updateStrategy OnDelete)` : '';
    return healthy(`${plural(desired, 'pod')} available${old}`);
  }
  if (updated < desired) return progressing(`${updated} of ${plural(desired, 'node')} run the updated pod`, extra);
  if (available < desired) return progressing(`${available} of ${desired} updated pods available`, extra);
  return healthy(`${plural(desired, 'node')} run an available updated pod`);
}

export function replicaSetHealth(set: Json): Verdict {
  const pending = unobserved(set, 'replicaset');
  if (pending) return pending;
  const wanted = numberAt(set, 'spec', 'replicas') ?? 1;
  const available = numberAt(set, 'status', 'availableReplicas') ?? 0;
  const failure = conditionOf(set, 'ReplicaFailure');
  const why = failure?.status === 'True' ? `; ${conditionText(failure, 'cannot create pods')}` : '';
  if (available < wanted) return progressing(`${available} of ${plural(wanted, 'replica')} available${why}`, { progress: String(available) });
  return healthy(`${plural(wanted, 'replica')} available`);
}
