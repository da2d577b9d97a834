// The statefulset, daemonset and replicaset controllers' status (one node):
// counts, revisions and observedGeneration as they write them, with the
// update stopped where it stops when the new pods never become ready.
import { isObject, type KubeObject } from '../types.js';
import type { Rollout } from './deployment.js';
import type { ImageBehaviour } from './kubelet.js';

function specOf(obj: KubeObject): KubeObject {
  return isObject(obj.spec) ? obj.spec : {};
}

function replicasOf(obj: KubeObject): number {
  const spec = specOf(obj);
  return typeof spec.replicas === 'number' ? spec.replicas : 1;
}

function nameOf(obj: KubeObject): string {
  return String((obj.metadata as KubeObject).name);
}

/** Zero counts are left out, as the controllers' Go structs omit them. */
function withoutZeros(status: KubeObject): KubeObject {
  return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== 0 && v !== undefined));
}

export function statefulSetStatus(set: KubeObject, rollout: Rollout, behaviour: ImageBehaviour): KubeObject {
  const spec = specOf(set);
  const replicas = replicasOf(set);
  const update = `${nameOf(set)}-${rollout.hash}`;
  const stable = rollout.stableHash === undefined ? undefined : `${nameOf(set)}-${rollout.stableHash}`;
  const strategy = isObject(spec.updateStrategy) ? spec.updateStrategy : {};
  const partition = isObject(strategy.rollingUpdate) && typeof strategy.rollingUpdate.partition === 'number' ? strategy.rollingUpdate.partition : 0;
  const ready = behaviour === 'ready';
  let counts: { created: number; ready: number; updated: number; current: string; currentReplicas: number };
  if (stable === undefined || stable === update) {
    // First creation: OrderedReady creates pod 0 and waits for it to be ready; Parallel creates them all.
    const created = ready || spec.podManagementPolicy === 'Parallel' ? replicas : Math.min(1, replicas);
    counts = { created, ready: ready ? replicas : 0, updated: created, current: update, currentReplicas: created };
  } else if (strategy.type === 'OnDelete') {
    counts = { created: replicas, ready: replicas, updated: 0, current: stable, currentReplicas: replicas };
  } else {
    // Pods are replaced from the highest ordinal down to the partition, one at a time, each waiting to be ready.
    const toUpdate = Math.max(0, replicas - partition);
    const updated = ready ? toUpdate : Math.min(1, toUpdate);
    const notReady = ready ? 0 : updated;
    const done = updated === replicas && ready;
    counts = { created: replicas, ready: replicas - notReady, updated, current: done ? update : stable, currentReplicas: done ? replicas : replicas - updated };
  }
  return {
    ...withoutZeros({ availableReplicas: counts.ready }),
    collisionCount: 0,
    ...withoutZeros({ currentReplicas: counts.currentReplicas }),
    currentRevision: counts.current,
    observedGeneration: (set.metadata as KubeObject).generation,
    ...withoutZeros({ readyReplicas: counts.ready }),
    replicas: counts.created,
    updateRevision: update,
    ...withoutZeros({ updatedReplicas: counts.updated }),
  };
}

export function daemonSetStatus(set: KubeObject, rollout: Rollout, behaviour: ImageBehaviour): KubeObject {
  const strategy = isObject(specOf(set).updateStrategy) ? (specOf(set).updateStrategy as KubeObject) : {};
  const onDelete = strategy.type === 'OnDelete' && rollout.stableHash !== undefined && rollout.stableHash !== rollout.hash;
  // One node: its pod is the old one (OnDelete), or the new one, ready or not.
  const available = onDelete || behaviour === 'ready' ? 1 : 0;
  return {
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    ...withoutZeros({ numberAvailable: available }),
    numberMisscheduled: 0,
    numberReady: available,
    ...withoutZeros({ numberUnavailable: 1 - available }),
    observedGeneration: (set.metadata as KubeObject).generation,
    ...withoutZeros({ updatedNumberScheduled: onDelete ? 0 : 1 }),
  };
}

export function replicaSetStatus(set: KubeObject, behaviour: ImageBehaviour): KubeObject {
  const replicas = replicasOf(set);
  const ready = behaviour === 'ready' ? replicas : 0;
  return {
    ...withoutZeros({ availableReplicas: ready, fullyLabeledReplicas: replicas }),
    observedGeneration: (set.metadata as KubeObject).generation,
    ...withoutZeros({ readyReplicas: ready }),
    replicas,
  };
}
