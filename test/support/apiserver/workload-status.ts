// A plausible status for workloads, as if their controllers had run and every
// pod were ready: replicas counts, observedGeneration, conditions, revisions.
import { createHash } from 'node:crypto';
import { isObject, type KubeObject } from './types.js';

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A pod-template-hash style suffix for a template (the same template gives the same hash). */
export function templateHash(template: unknown, length = 10): string {
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  return [...digest.subarray(0, length)].map((b) => HASH_ALPHABET[b % HASH_ALPHABET.length]).join('');
}

interface Condition extends KubeObject {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** Keeps a condition's transition time while its status stays the same. */
function withTimes(condition: Condition, previous: unknown, now: string, updateTimes: boolean): KubeObject {
  const old = isObject(previous) && Array.isArray(previous.conditions)
    ? (previous.conditions as unknown[]).find((c) => isObject(c) && c.type === condition.type)
    : undefined;
  const same = isObject(old) && old.status === condition.status;
  const transition = same ? old.lastTransitionTime : now;
  const unchanged = same && old.reason === condition.reason && old.message === condition.message;
  return {
    ...(updateTimes ? { lastTransitionTime: transition, lastUpdateTime: unchanged ? old.lastUpdateTime : now } : { lastTransitionTime: transition }),
    message: condition.message,
    reason: condition.reason,
    status: condition.status,
    type: condition.type,
  };
}

function counts(replicas: number, fields: string[]): KubeObject {
  return replicas > 0 ? Object.fromEntries(fields.map((f) => [f, replicas])) : {};
}

export function workloadStatus(kind: string, obj: KubeObject, previousStatus: unknown, now: string): KubeObject | undefined {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const metadata = obj.metadata as KubeObject;
  const generation = metadata.generation;
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const revision = `${String(metadata.name)}-${templateHash(spec.template)}`;
  switch (kind) {
    case 'Deployment':
      return {
        ...counts(replicas, ['availableReplicas']),
        conditions: [
          withTimes({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }, previousStatus, now, true),
          withTimes({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${revision}" has successfully progressed.` }, previousStatus, now, true),
        ],
        observedGeneration: generation,
        ...counts(replicas, ['readyReplicas', 'replicas', 'updatedReplicas']),
      };
    case 'ReplicaSet':
      return { ...counts(replicas, ['availableReplicas', 'fullyLabeledReplicas']), observedGeneration: generation, ...counts(replicas, ['readyReplicas']), replicas };
    case 'StatefulSet':
      return {
        ...counts(replicas, ['availableReplicas']),
        collisionCount: 0,
        ...counts(replicas, ['currentReplicas']),
        currentRevision: revision,
        observedGeneration: generation,
        ...counts(replicas, ['readyReplicas']),
        replicas,
        updateRevision: revision,
        ...counts(replicas, ['updatedReplicas']),
      };
    case 'DaemonSet':
      return { currentNumberScheduled: 1, desiredNumberScheduled: 1, numberAvailable: 1, numberMisscheduled: 0, numberReady: 1, observedGeneration: generation, updatedNumberScheduled: 1 };
    case 'Job': {
      const started = isObject(previousStatus) && previousStatus.startTime ? previousStatus.startTime : now;
      return { active: typeof spec.parallelism === 'number' ? spec.parallelism : 1, ready: 0, startTime: started, terminating: 0, uncountedTerminatedPods: {} };
    }
    case 'CronJob':
      return isObject(previousStatus) ? previousStatus : {};
    default:
      return undefined;
  }
}
