// With `pods`: the objects workload controllers create. A Deployment owns a
// ReplicaSet per template (`<name>-<pod-template-hash>`), each owning its
// pods; StatefulSets own `<name>-<ordinal>` pods, DaemonSets one pod for the
// node, Jobs a pod per attempt. Counts follow the workload's status; names
// stay stable across syncs so that restarts accumulate on the same pod; the
// garbage collector deletes what a deleted owner owned.
import { createHash } from 'node:crypto';
import { ResourceRegistry } from '../registry.js';
import type { ServerState } from '../state.js';
import { isObject, type KubeObject, type ResourceType } from '../types.js';
import { createObject, deleteObject, updateObject } from '../writes.js';
import type { Controllers } from './index.js';

const CONTROLLER = 'kube-controller-manager';
const NODE = 'kubediff-control-plane';
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function typeOf(state: ServerState, group: string, resource: string): ResourceType {
  const type = state.registry.findAnyVersion(group, resource);
  if (!type) throw new Error(`the emulator serves no ${resource}`);
  return type;
}

/** The five-character suffix generateName would give, but the same for the same owner and slot. */
function stableSuffix(owner: string, slot: number): string {
  const digest = createHash('sha256').update(`${owner}/${slot}`).digest();
  return [...digest.subarray(0, 5)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

function meta(obj: KubeObject): KubeObject {
  return obj.metadata as KubeObject;
}

function ownerReference(owner: KubeObject, apiVersion: string, kind: string): KubeObject {
  return { apiVersion, blockOwnerDeletion: true, controller: true, kind, name: meta(owner).name, uid: meta(owner).uid };
}

function ownedBy(state: ServerState, group: string, resource: string, namespace: string, uid: unknown): KubeObject[] {
  return state.store.list(ResourceRegistry.storageKey(typeOf(state, group, resource)), namespace).filter((o) => {
    const refs = Array.isArray(meta(o).ownerReferences) ? (meta(o).ownerReferences as unknown[]) : [];
    return refs.some((r) => isObject(r) && r.uid === uid);
  });
}

function template(obj: KubeObject): KubeObject {
  return isObject(obj.spec) && isObject(obj.spec.template) ? obj.spec.template : {};
}

function labelsOf(template: KubeObject): Record<string, string> {
  return isObject(template.metadata) && isObject(template.metadata.labels) ? (template.metadata.labels as Record<string, string>) : {};
}

/** Creates the named pods that are missing and deletes the owner's pods that are not named. */
function reconcilePods(state: ServerState, owner: KubeObject, ownerRef: KubeObject, wanted: ReadonlyMap<string, KubeObject>): void {
  const pods = typeOf(state, '', 'pods');
  const namespace = String(meta(owner).namespace);
  const existing = ownedBy(state, '', 'pods', namespace, meta(owner).uid);
  for (const pod of existing) if (!wanted.has(String(meta(pod).name))) deleteObject(state, pods, namespace, String(meta(pod).name));
  for (const [name, podTemplate] of wanted) {
    if (existing.some((p) => meta(p).name === name)) continue;
    const metadata = isObject(podTemplate.metadata) ? podTemplate.metadata : {};
    const spec = isObject(podTemplate.spec) ? podTemplate.spec : {};
    createObject(state, pods, { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, name, namespace, ownerReferences: [ownerRef] }, spec: { ...spec, nodeName: NODE } }, namespace, { manager: CONTROLLER, skipNamespaceCheck: true });
  }
}

function withLabels(podTemplate: KubeObject, extra: Record<string, string>): KubeObject {
  const metadata = isObject(podTemplate.metadata) ? podTemplate.metadata : {};
  return { ...podTemplate, metadata: { ...metadata, labels: { ...labelsOf(podTemplate), ...extra } } };
}

function podsFor(owner: KubeObject, podTemplate: KubeObject, count: number, firstSlot = 0): Map<string, KubeObject> {
  const name = String(meta(owner).name);
  const pods = new Map<string, KubeObject>();
  for (let slot = firstSlot; slot < firstSlot + count; slot++) pods.set(`${name}-${stableSuffix(name, slot)}`, podTemplate);
  return pods;
}

function syncReplicaSet(state: ServerState, deployment: KubeObject, hash: string, podTemplate: unknown, replicas: number, revision: string): void {
  const sets = typeOf(state, 'apps', 'replicasets');
  const namespace = String(meta(deployment).namespace);
  const name = `${String(meta(deployment).name)}-${hash}`;
  const labeled = withLabels(isObject(podTemplate) ? podTemplate : {}, { 'pod-template-hash': hash });
  const selector = isObject(deployment.spec) && isObject(deployment.spec.selector) ? deployment.spec.selector : {};
  const matchLabels = { ...(isObject(selector.matchLabels) ? selector.matchLabels : {}), 'pod-template-hash': hash };
  const existing = state.store.get(ResourceRegistry.storageKey(sets), namespace, name);
  const body: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      ...(existing ? meta(existing) : {}),
      name,
      namespace,
      labels: labelsOf(labeled),
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(isObject(deployment.spec) ? (deployment.spec.replicas ?? 1) : 1), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [ownerReference(deployment, 'apps/v1', 'Deployment')],
    },
    spec: { replicas, selector: { ...selector, matchLabels }, template: labeled },
  };
  const stored = existing ? updateObject(state, sets, namespace, name, body, '', { manager: CONTROLLER }) : createObject(state, sets, body, namespace, { manager: CONTROLLER, skipNamespaceCheck: true });
  syncReplicaSetPods(state, stored);
}

function syncReplicaSetPods(state: ServerState, set: KubeObject): void {
  const replicas = isObject(set.spec) && typeof set.spec.replicas === 'number' ? set.spec.replicas : 1;
  reconcilePods(state, set, ownerReference(set, 'apps/v1', 'ReplicaSet'), podsFor(set, template(set), replicas));
}

function syncDeployment(state: ServerState, controllers: Controllers, deployment: KubeObject): void {
  const rollout = controllers.rolloutOf(deployment);
  if (!rollout) return;
  const status = isObject(deployment.status) ? deployment.status : {};
  const updated = typeof status.updatedReplicas === 'number' ? status.updatedReplicas : 0;
  const total = typeof status.replicas === 'number' ? status.replicas : 0;
  const revision = String(isObject(meta(deployment).annotations) ? ((meta(deployment).annotations as KubeObject)['deployment.kubernetes.io/revision'] ?? '1') : '1');
  syncReplicaSet(state, deployment, rollout.hash, rollout.template, updated, revision);
  if (rollout.stableHash !== undefined && rollout.stableHash !== rollout.hash) {
    syncReplicaSet(state, deployment, rollout.stableHash, rollout.stableTemplate, total - updated, String(Math.max(1, Number(revision) - 1)));
  }
  // ReplicaSets of templates neither new nor stable (an earlier failed rollout) are scaled to zero.
  for (const set of ownedBy(state, 'apps', 'replicasets', String(meta(deployment).namespace), meta(deployment).uid)) {
    const hash = labelsOf(template(set))['pod-template-hash'];
    if (hash !== rollout.hash && hash !== rollout.stableHash && isObject(set.spec) && set.spec.replicas !== 0) {
      syncReplicaSet(state, deployment, String(hash), template(set), 0, '0');
    }
  }
}

function syncStatefulSet(state: ServerState, controllers: Controllers, set: KubeObject): void {
  const rollout = controllers.rolloutOf(set);
  if (!rollout) return;
  const status = isObject(set.status) ? set.status : {};
  const created = typeof status.replicas === 'number' ? status.replicas : 0;
  const updated = typeof status.updatedReplicas === 'number' ? status.updatedReplicas : 0;
  const name = String(meta(set).name);
  const wanted = new Map<string, KubeObject>();
  for (let ordinal = 0; ordinal < created; ordinal++) {
    // The highest ordinals are updated first.
    const isUpdated = ordinal >= created - updated;
    const hash = isUpdated || rollout.stableHash === undefined ? rollout.hash : rollout.stableHash;
    const podTemplate = isObject(isUpdated ? rollout.template : rollout.stableTemplate) ? ((isUpdated ? rollout.template : rollout.stableTemplate) as KubeObject) : {};
    const podName = `${name}-${ordinal}`;
    wanted.set(podName, withLabels(podTemplate, { 'apps.kubernetes.io/pod-index': String(ordinal), 'controller-revision-hash': `${name}-${hash}`, 'statefulset.kubernetes.io/pod-name': podName }));
  }
  reconcilePods(state, set, ownerReference(set, 'apps/v1', 'StatefulSet'), wanted);
}

function syncDaemonSet(state: ServerState, controllers: Controllers, set: KubeObject): void {
  const rollout = controllers.rolloutOf(set);
  if (!rollout) return;
  const status = isObject(set.status) ? set.status : {};
  const onOld = status.updatedNumberScheduled === undefined && rollout.stableHash !== undefined;
  const podTemplate = (onOld ? rollout.stableTemplate : rollout.template) as KubeObject;
  const hash = onOld ? rollout.stableHash : rollout.hash;
  const generation = String(meta(set).generation ?? 1);
  const labeled = withLabels(isObject(podTemplate) ? podTemplate : {}, { 'controller-revision-hash': String(hash), 'pod-template-generation': generation });
  // A new template's pod replaces the old one: another slot, another name.
  reconcilePods(state, set, ownerReference(set, 'apps/v1', 'DaemonSet'), podsFor(set, labeled, 1, onOld ? 0 : Number(generation)));
}

function syncJob(state: ServerState, job: KubeObject): void {
  const status = isObject(job.status) ? job.status : {};
  const failed = typeof status.failed === 'number' ? status.failed : 0;
  const active = typeof status.active === 'number' ? status.active : 0;
  const succeeded = typeof status.succeeded === 'number' ? status.succeeded : 0;
  const uid = String(meta(job).uid);
  const name = String(meta(job).name);
  const labeled = withLabels(template(job), { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name });
  // One pod per attempt: the failed ones stay (until the Job is deleted), then the active or succeeded one.
  reconcilePods(state, job, ownerReference(job, 'batch/v1', 'Job'), podsFor(job, labeled, failed + Math.max(active, succeeded)));
}

/** Brings the objects a workload owns in line with its status. */
export function syncChildren(state: ServerState, controllers: Controllers, type: ResourceType, obj: KubeObject): void {
  switch (`${type.group}/${type.kind}`) {
    case 'apps/Deployment':
      return syncDeployment(state, controllers, obj);
    case 'apps/StatefulSet':
      return syncStatefulSet(state, controllers, obj);
    case 'apps/DaemonSet':
      return syncDaemonSet(state, controllers, obj);
    case 'apps/ReplicaSet':
      // A Deployment's ReplicaSets are synced with it; one from git syncs its own pods.
      if (!(Array.isArray(meta(obj).ownerReferences) && (meta(obj).ownerReferences as unknown[]).length > 0)) syncReplicaSetPods(state, obj);
      return;
    case 'batch/Job':
      return syncJob(state, obj);
  }
}

/** The garbage collector: deletes what the object with this uid owned, and what that owned. */
export function deleteOwnedBy(state: ServerState, uid: unknown): void {
  for (const [group, resource] of [['apps', 'replicasets'], ['', 'pods']] as const) {
    const type = state.registry.findAnyVersion(group, resource);
    if (!type) continue;
    for (const obj of state.store.list(ResourceRegistry.storageKey(type))) {
      const refs = Array.isArray(meta(obj).ownerReferences) ? (meta(obj).ownerReferences as unknown[]) : [];
      if (refs.some((r) => isObject(r) && r.uid === uid)) deleteObject(state, type, String(meta(obj).namespace), String(meta(obj).name));
    }
  }
}
