// The deployment controller: a rolling update from the last complete
// ReplicaSet to the new one, bounded by maxSurge and maxUnavailable, with
// the status, conditions (reasons and messages of
// pkg/controller/deployment) and revision annotation it writes. A template
// whose pods never become available stalls the rollout where the real
// controller would stop, and after progressDeadlineSeconds without progress
// the Progressing condition says ProgressDeadlineExceeded.
import { isObject, type KubeObject } from '../types.js';
import { templateHash } from './hash.js';
import type { ImageBehaviour } from './kubelet.js';

/** The controller's memory of a Deployment, as its ReplicaSets would hold it. */
export interface Rollout {
  /** Template hash of the newest ReplicaSet (or controller revision), and its template. */
  readonly hash: string;
  readonly template: unknown;
  /** The last revision that was fully available, whose pods still serve while the new one rolls out. */
  readonly stableHash?: string;
  readonly stableTemplate?: unknown;
  /** Epoch ms of the last progress (new ReplicaSet created or scaled). */
  readonly progressAt: number;
}

export interface Replicas {
  /** Pods of the stable (old) ReplicaSet, all available. */
  readonly old: number;
  /** Pods of the new ReplicaSet. */
  readonly updated: number;
  /** Of the new pods, how many are available. */
  readonly updatedAvailable: number;
}

/** maxSurge rounds up and maxUnavailable down, as intstr.GetScaledValueFromIntOrPercent does. */
function scaled(value: unknown, total: number, roundUp: boolean, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+%$/.test(value)) {
    const exact = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return fallback;
}

function strategyOf(spec: KubeObject, replicas: number): { recreate: boolean; surge: number; unavailable: number } {
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  if (strategy.type === 'Recreate') return { recreate: true, surge: 0, unavailable: replicas };
  const rolling = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const surge = scaled(rolling.maxSurge ?? '25%', replicas, true, 1);
  const unavailable = scaled(rolling.maxUnavailable ?? '25%', replicas, false, 0);
  // The API refuses both 0; the controller then allows one unavailable.
  return { recreate: false, surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

/** Where the rollout stands: all done when the new pods become available, else stuck at the controller's bounds. */
export function replicasOf(spec: KubeObject, rollout: Rollout, behaviour: ImageBehaviour): Replicas {
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  if (behaviour === 'ready') return { old: 0, updated: replicas, updatedAvailable: replicas };
  const { recreate, surge, unavailable } = strategyOf(spec, replicas);
  if (rollout.stableHash === undefined || recreate) return { old: 0, updated: replicas, updatedAvailable: 0 };
  const old = Math.max(0, replicas - unavailable);
  return { old, updated: Math.min(replicas, replicas + surge - old), updatedAvailable: 0 };
}

export function replicaSetName(deployment: KubeObject, hash: string): string {
  return `${String((deployment.metadata as KubeObject).name)}-${hash}`;
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

/** SetDeploymentCondition: the transition time stays while the status does. */
function setCondition(previous: unknown, type: string, status: string, reason: string, message: string, at: string): Condition {
  const conditions = isObject(previous) && Array.isArray(previous.conditions) ? (previous.conditions as unknown[]) : [];
  const old = conditions.find((c): c is KubeObject => isObject(c) && c.type === type);
  if (old && old.status === status && old.reason === reason && old.message === message) {
    return { type, status, reason, message, lastUpdateTime: String(old.lastUpdateTime), lastTransitionTime: String(old.lastTransitionTime) };
  }
  const transition = old && old.status === status ? String(old.lastTransitionTime) : at;
  return { type, status, reason, message, lastUpdateTime: at, lastTransitionTime: transition };
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The next rollout state for a write of a workload: a new template starts a
 * new revision (and new progress); `wasComplete` says whether the previous
 * one had finished, making it the stable revision.
 */
export function nextRollout(workload: KubeObject, previous: Rollout | undefined, wasComplete: boolean, now: number): Rollout {
  const spec = isObject(workload.spec) ? workload.spec : {};
  const hash = templateHash(spec.template);
  if (previous && previous.hash === hash) return previous;
  const stable = previous && wasComplete ? { stableHash: previous.hash, stableTemplate: previous.template } : previous?.stableHash !== undefined ? { stableHash: previous.stableHash, stableTemplate: previous.stableTemplate } : {};
  return { hash, template: spec.template, ...stable, progressAt: now };
}

/** Did the Deployment's last status say the rollout was done? */
export function deploymentComplete(deployment: KubeObject, status: unknown): boolean {
  const spec = isObject(deployment.spec) ? deployment.spec : {};
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const count = (key: string) => (isObject(status) && typeof status[key] === 'number' ? status[key] : 0);
  return isObject(status) && count('updatedReplicas') === replicas && count('availableReplicas') === replicas && count('replicas') === replicas;
}

/** The Deployment's status at `now` (`behaviour`: how the new template's pods behave). */
export function deploymentStatus(deployment: KubeObject, previousStatus: unknown, rollout: Rollout, behaviour: ImageBehaviour, now: number): KubeObject {
  const spec = isObject(deployment.spec) ? deployment.spec : {};
  const metadata = deployment.metadata as KubeObject;
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const at = rfc3339(now);
  const newName = replicaSetName(deployment, rollout.hash);
  if (spec.paused === true && isObject(previousStatus)) {
    const paused = setCondition(previousStatus, 'Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', at);
    const others = Array.isArray(previousStatus.conditions) ? previousStatus.conditions.filter((c) => isObject(c) && c.type !== 'Progressing') : [];
    return { ...previousStatus, conditions: [...others, paused], observedGeneration: metadata.generation };
  }
  const counts = replicasOf(spec, rollout, behaviour);
  const total = counts.old + counts.updated;
  const available = counts.old + counts.updatedAvailable;
  const { unavailable } = strategyOf(spec, replicas);
  const availableCondition =
    available >= replicas - unavailable
      ? setCondition(previousStatus, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', at)
      : setCondition(previousStatus, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', at);
  const done = counts.updatedAvailable === replicas && counts.old === 0;
  const deadline = typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds * 1000 : 600_000;
  let progressing: Condition;
  if (done) {
    progressing = setCondition(previousStatus, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${newName}" has successfully progressed.`, at);
  } else if (now - rollout.progressAt > deadline) {
    // The controller notices when the deadline passes; its time is when it did.
    progressing = setCondition(previousStatus, 'Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${newName}" has timed out progressing.`, rfc3339(rollout.progressAt + deadline));
  } else {
    progressing = setCondition(previousStatus, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newName}" is progressing.`, rfc3339(rollout.progressAt));
  }
  const positive = (value: number) => (value > 0 ? value : undefined);
  const status: KubeObject = {
    availableReplicas: positive(available),
    conditions: [availableCondition, progressing],
    observedGeneration: metadata.generation,
    readyReplicas: positive(available),
    replicas: positive(total),
    unavailableReplicas: positive(total - available),
    updatedReplicas: positive(counts.updated),
  };
  return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== undefined));
}
