// The controllers of the emulated cluster: what kube-controller-manager and
// the kubelet would write back after a change (statuses, a claim's binding),
// decided by what tests say about images, volumes, load balancers and
// metrics. They run on every write of an object (as if they had reacted at
// once) and again on resync(), which moves time-bound things on (a rollout
// past its progress deadline, a crash loop's restarts, a Job's back-off).
// With `pods`, workloads also get their ReplicaSets and Pods as objects.
import { jsonEqual } from '../json.js';
import { updateObject } from '../writes.js';
import { ResourceRegistry } from '../registry.js';
import type { ServerState } from '../state.js';
import { isObject, type KubeObject, type ResourceType } from '../types.js';
import { jobStatus } from './batch.js';
import { deleteOwnedBy, syncChildren } from './children.js';
import { deploymentComplete, deploymentStatus, nextRollout, type Rollout } from './deployment.js';
import { ImageBehaviours, type ImageBehaviour } from './kubelet.js';
import { podStatus } from './pod-status.js';
import { autoscalerStatus, bindClaim, loadBalancerStatus, type LoadBalancerMode, type VolumeMode } from './services.js';
import { daemonSetStatus, replicaSetStatus, statefulSetStatus } from './sets.js';

export type { ImageBehaviour } from './kubelet.js';
export type { LoadBalancerMode, VolumeMode } from './services.js';

export interface ControllerOptions {
  /** Create the ReplicaSets and Pods of workloads as objects, as their controllers do (default: statuses only). */
  pods?: boolean;
  /** `pending`: no volume can be provisioned, claims stay Pending (default `bind`). */
  volumes?: VolumeMode;
  /** `pending`: the cloud gives LoadBalancer Services no address (default `provision`). */
  loadBalancers?: LoadBalancerMode;
  /** false: no metrics API, autoscalers cannot compute replicas (default true). */
  metrics?: boolean;
  /** How containers of these images behave (exact reference, or a prefix ending in `*`); the rest are `ready`. */
  images?: Readonly<Record<string, ImageBehaviour>>;
}

/** What a controller writes for an object being written. */
export interface ControllerWrite {
  readonly status: KubeObject;
  /** The field manager of the status write: kube-controller-manager or kubelet. */
  readonly manager: string;
  /** Set when the controller also changed the object itself (a claim's volumeName): the object before. */
  readonly before?: KubeObject;
}

const CONTROLLER = 'kube-controller-manager';
/** The kinds whose status the controllers keep, and where they are stored. */
const MANAGED: readonly [string, string][] = [
  ['apps', 'deployments'], ['apps', 'replicasets'], ['apps', 'statefulsets'], ['apps', 'daemonsets'],
  ['batch', 'jobs'], ['', 'pods'], ['', 'services'], ['', 'persistentvolumeclaims'], ['autoscaling', 'horizontalpodautoscalers'],
];

function ownerKind(obj: KubeObject): string | undefined {
  const refs = isObject(obj.metadata) && Array.isArray(obj.metadata.ownerReferences) ? obj.metadata.ownerReferences : [];
  const owner = refs.find((r) => isObject(r) && r.controller === true);
  return isObject(owner) && typeof owner.kind === 'string' ? owner.kind : undefined;
}

function templateSpec(obj: KubeObject): unknown {
  return isObject(obj.spec) && isObject(obj.spec.template) ? obj.spec.template.spec : undefined;
}

export class Controllers {
  readonly images = new ImageBehaviours();
  pods: boolean;
  volumes: VolumeMode;
  loadBalancers: LoadBalancerMode;
  metrics: boolean;
  private readonly rollouts = new Map<string, Rollout>();
  private addresses = 0;

  constructor(private readonly state: ServerState, options: ControllerOptions = {}) {
    this.pods = options.pods ?? false;
    this.volumes = options.volumes ?? 'bind';
    this.loadBalancers = options.loadBalancers ?? 'provision';
    this.metrics = options.metrics ?? true;
    for (const [image, behaviour] of Object.entries(options.images ?? {})) this.images.set(image, behaviour);
  }

  private now(): number {
    return this.state.now().getTime();
  }

  private at(): string {
    return this.state.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** The rollout of a workload (by uid) after this write of it. */
  private rollout(obj: KubeObject, previous: KubeObject | undefined, complete: boolean): Rollout {
    const uid = String((obj.metadata as KubeObject).uid);
    const next = nextRollout(obj, this.rollouts.get(uid), complete, this.now());
    this.rollouts.set(uid, next);
    return next;
  }

  rolloutOf(obj: KubeObject): Rollout | undefined {
    return this.rollouts.get(String((obj.metadata as KubeObject).uid));
  }

  /**
   * What the controllers write for an object about to be stored (a create or
   * a spec update; `previous` is the stored object before it). May change
   * the object itself (a claim gets its volume); returns the new status.
   */
  onWrite(type: ResourceType, obj: KubeObject, previous: KubeObject | undefined): ControllerWrite | undefined {
    if (type.custom) return undefined;
    const previousStatus = previous?.status;
    const worst = () => this.images.worstOf(templateSpec(obj));
    const controller = (status: KubeObject | undefined) => (status ? { status, manager: CONTROLLER } : undefined);
    switch (`${type.group}/${type.kind}`) {
      case 'apps/Deployment': {
        const rollout = this.rollout(obj, previous, previous !== undefined && deploymentComplete(previous, previousStatus));
        return controller(deploymentStatus(obj, previousStatus, rollout, worst(), this.now()));
      }
      case 'apps/StatefulSet': {
        const done = isObject(previousStatus) && previousStatus.currentRevision === previousStatus.updateRevision && previousStatus.readyReplicas === previousStatus.replicas;
        return controller(statefulSetStatus(obj, this.rollout(obj, previous, done), worst()));
      }
      case 'apps/DaemonSet': {
        const done = isObject(previousStatus) && previousStatus.updatedNumberScheduled === previousStatus.desiredNumberScheduled && previousStatus.numberAvailable === previousStatus.desiredNumberScheduled;
        return controller(daemonSetStatus(obj, this.rollout(obj, previous, done), worst()));
      }
      case 'apps/ReplicaSet':
        return controller(replicaSetStatus(obj, worst()));
      case 'batch/Job':
        return controller(jobStatus(obj, previousStatus, worst(), this.now()));
      case 'batch/CronJob':
        return controller(isObject(previousStatus) ? previousStatus : {});
      case '/Pod':
        return { status: this.podStatus(obj), manager: 'kubelet' };
      case '/PersistentVolumeClaim': {
        const before: KubeObject = { ...obj, metadata: { ...(obj.metadata as KubeObject) }, spec: isObject(obj.spec) ? { ...obj.spec } : obj.spec };
        bindClaim(obj, this.volumes);
        const status = obj.status as KubeObject;
        // The status is the caller's to set (and record in managedFields under the status subresource).
        obj.status = before.status;
        return { status, manager: CONTROLLER, ...(jsonEqual(before, { ...obj, status: before.status }) ? {} : { before }) };
      }
      case '/Service': {
        const status = loadBalancerStatus(obj, this.loadBalancers, this.addresses);
        if (status && isObject(status.loadBalancer) && Array.isArray(status.loadBalancer.ingress) && !jsonEqual(status, previousStatus)) this.addresses++;
        return controller(status);
      }
      case 'autoscaling/HorizontalPodAutoscaler':
        return controller(autoscalerStatus(obj, this.targetReplicas(obj), this.metrics, this.at()));
      default:
        return undefined;
    }
  }

  private podStatus(pod: KubeObject): KubeObject {
    const metadata = pod.metadata as KubeObject;
    const spec = isObject(pod.spec) ? pod.spec : {};
    const identity = {
      name: String(metadata.name),
      namespace: String(metadata.namespace),
      uid: String(metadata.uid),
      startedAt: Date.parse(String(metadata.creationTimestamp)) || this.now(),
    };
    const behaviour = this.images.worstOf(spec);
    // A Job's pod runs to its end: exit 0 when its image works, 1 when it crashes and is not restarted.
    const inJob = ownerKind(pod) === 'Job';
    const finished = inJob && behaviour === 'ready' ? 0 : inJob && behaviour === 'crash-loop' && spec.restartPolicy === 'Never' ? 1 : undefined;
    return podStatus(spec, this.images, identity, this.now(), finished);
  }

  private targetReplicas(hpa: KubeObject): number | undefined {
    const target = isObject(hpa.spec) && isObject(hpa.spec.scaleTargetRef) ? hpa.spec.scaleTargetRef : {};
    const [group] = typeof target.apiVersion === 'string' && target.apiVersion.includes('/') ? target.apiVersion.split('/') : [''];
    const type = this.state.registry.all().find((t) => t.group === group && t.kind === target.kind);
    if (!type) return undefined;
    const found = this.state.store.get(ResourceRegistry.storageKey(type), String((hpa.metadata as KubeObject).namespace), String(target.name));
    if (!found) return undefined;
    return isObject(found.spec) && typeof found.spec.replicas === 'number' ? found.spec.replicas : 1;
  }

  /** After an object is stored: with `pods`, its ReplicaSets and Pods follow. */
  afterWrite(type: ResourceType, stored: KubeObject): void {
    if (this.pods && !type.custom) syncChildren(this.state, this, type, stored);
  }

  /** After an object is deleted: the garbage collector deletes what it owned. */
  afterDelete(_type: ResourceType, obj: KubeObject): void {
    const uid = String((obj.metadata as KubeObject).uid);
    this.rollouts.delete(uid);
    deleteOwnedBy(this.state, uid);
  }

  /** Runs every controller again at the current time: statuses move on (deadlines, restarts, back-offs). */
  resync(): void {
    for (const [group, resource] of MANAGED) {
      const type = this.state.registry.findAnyVersion(group, resource);
      if (!type) continue;
      for (const obj of this.state.store.list(ResourceRegistry.storageKey(type))) {
        const copy = { ...obj, metadata: { ...(obj.metadata as KubeObject) }, spec: isObject(obj.spec) ? { ...obj.spec } : obj.spec };
        const write = this.onWrite(type, copy, obj);
        if (!write) continue;
        const metadata = obj.metadata as KubeObject;
        const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
        const name = String(metadata.name);
        const options = { manager: write.manager, skipNamespaceCheck: true };
        // A change of the object itself (a claim bound now) is an update; a status change is a status write.
        // Either store triggers afterWrite, so children follow their workload.
        if (write.before) updateObject(this.state, type, namespace, name, { ...copy, status: obj.status }, '', { ...options, manager: CONTROLLER });
        else if (!jsonEqual(write.status, obj.status)) updateObject(this.state, type, namespace, name, { ...obj, status: write.status }, 'status', options);
      }
    }
  }
}
