// Which of git's workloads owns a pod, from the pod alone (no LIST of
// ReplicaSets or Jobs): its controller reference, and for the links in
// between the names the controllers give. A Deployment names its
// ReplicaSets `<deployment>-<pod-template-hash>` and labels their pods with
// that hash; a CronJob names its Jobs `<cronjob>-<scheduled minute>`.
// Direct owners are checked by uid, Deployments by their selector.
import { objectKey } from '../../cluster/object-key.js';
import type { ObjectRef } from '../../result.js';
import { at, isJson, stringAt, type Json } from '../read.js';
import { selectorMatches } from './selector.js';

/** Kinds whose pods --pods looks at, by `group/kind`. */
const POD_OWNERS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet', 'batch/Job', 'batch/CronJob']);

interface Workload {
  readonly key: string;
  readonly uid?: string;
  readonly selector?: unknown;
}

export interface WorkloadIndex {
  /** Namespaces holding at least one of git's live workloads: the ones to list pods in. */
  readonly namespaces: readonly string[];
  /** objectKey()s of the workloads in a namespace. */
  workloadsIn(namespace: string): readonly string[];
  /** The objectKey() of the workload that owns this pod, if it is one of git's. */
  ownerOf(pod: Json): string | undefined;
}

function identity(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export function isPodOwner(ref: ObjectRef): boolean {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  return ref.namespace !== undefined && POD_OWNERS.has(`${group}/${ref.kind}`);
}

/** What --pods needs of one of git's live workloads to match pods to it: a few fields, not the object. */
export interface WorkloadDigest {
  readonly ref: ObjectRef;
  readonly uid?: string;
  readonly selector?: unknown;
}

/** The digest of a live object of git's, or undefined when its kind owns no pods. */
export function workloadDigest(ref: ObjectRef, live: Json): WorkloadDigest | undefined {
  if (!isPodOwner(ref)) return undefined;
  const uid = stringAt(live, 'metadata', 'uid');
  return { ref, ...(uid ? { uid } : {}), selector: at(live, 'spec', 'selector') };
}

/** Indexes git's live workloads for matching pods to them. */
export function indexWorkloads(workloads: readonly WorkloadDigest[]): WorkloadIndex {
  const byIdentity = new Map<string, Workload>();
  const byNamespace = new Map<string, string[]>();
  for (const { ref, uid, selector } of workloads) {
    if (!isPodOwner(ref) || ref.namespace === undefined) continue;
    byNamespace.set(ref.namespace, [...(byNamespace.get(ref.namespace) ?? []), objectKey(ref)]);
    byIdentity.set(identity(ref.kind, ref.namespace, ref.name), { key: objectKey(ref), ...(uid ? { uid } : {}), selector });
  }
  return {
    namespaces: [...byNamespace.keys()].sort(),
    workloadsIn: (namespace) => byNamespace.get(namespace) ?? [],
    ownerOf: (pod) => ownerOf(pod, byIdentity),
  };
}

function controllerOf(object: Json): { kind: string; name: string; uid?: string } | undefined {
  const refs = at(object, 'metadata', 'ownerReferences');
  if (!Array.isArray(refs)) return undefined;
  const owner = refs.find((r) => isJson(r) && r.controller === true);
  if (!isJson(owner) || typeof owner.kind !== 'string' || typeof owner.name !== 'string') return undefined;
  return { kind: owner.kind, name: owner.name, ...(typeof owner.uid === 'string' ? { uid: owner.uid } : {}) };
}

function labelsOf(pod: Json): Record<string, string> {
  const labels = at(pod, 'metadata', 'labels');
  if (!isJson(labels)) return {};
  return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function ownerOf(pod: Json, workloads: ReadonlyMap<string, Workload>): string | undefined {
  const namespace = stringAt(pod, 'metadata', 'namespace');
  const owner = controllerOf(pod);
  if (namespace === undefined || !owner) return undefined;
  const direct = workloads.get(identity(owner.kind, namespace, owner.name));
  // A uid that differs is another object of the same name (deleted and created again).
  if (direct && (!direct.uid || !owner.uid || direct.uid === owner.uid)) return direct.key;
  if (owner.kind === 'ReplicaSet') {
    const labels = labelsOf(pod);
    const hash = labels['pod-template-hash'];
    if (!hash || !owner.name.endsWith(`-${hash}`)) return undefined;
    const deployment = workloads.get(identity('Deployment', namespace, owner.name.slice(0, -hash.length - 1)));
    return deployment && selectorMatches(deployment.selector, labels) ? deployment.key : undefined;
  }
  if (owner.kind === 'Job') {
    const match = /^(.+)-\d+$/.exec(owner.name);
    const cronJob = match ? workloads.get(identity('CronJob', namespace, match[1] as string)) : undefined;
    return cronJob?.key;
  }
  return undefined;
}
