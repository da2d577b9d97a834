// Server-side defaulting, dispatched by kind; the defaults-* files hold the rules.
import { defaultCrd } from './crd.js';
import { allocateService, defaultEndpoints, defaultLimitRange, defaultPersistentVolumeClaim, defaultPod, defaultResourceQuota, defaultSecret, defaultService } from './defaults-core.js';
import { defaultHorizontalPodAutoscaler, defaultNetworkPolicy, defaultPriorityClass, defaultStorageClass, defaultWebhookConfiguration } from './defaults-other.js';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet, labelJob } from './defaults-workloads.js';
import { pruneEmptyFields } from './empty-fields.js';
import { timestamp, type ServerState } from './state.js';
import { metadataOf, type KubeObject, type ResourceType } from './types.js';

type Defaulter = (obj: KubeObject, state: ServerState, previous: KubeObject | undefined) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  '/Namespace': (obj) => {
    const metadata = metadataOf(obj);
    metadata.labels = { ...(metadata.labels as object), 'kubernetes.io/metadata.name': metadata.name };
  },
  '/Service': defaultService,
  '/Secret': defaultSecret,
  '/Pod': defaultPod,
  '/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/Endpoints': defaultEndpoints,
  '/ResourceQuota': defaultResourceQuota,
  '/LimitRange': defaultLimitRange,
  'apps/Deployment': defaultDeployment,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/ReplicaSet': defaultReplicaSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': (obj) => defaultWebhookConfiguration(obj, true),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': (obj) => defaultWebhookConfiguration(obj, false),
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'scheduling.k8s.io/PriorityClass': defaultPriorityClass,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'autoscaling/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
  'apiextensions.k8s.io/CustomResourceDefinition': (obj, state, previous) => defaultCrd(obj, previous ? String(metadataOf(previous).creationTimestamp) : timestamp(state)),
};

export function applyDefaults(state: ServerState, type: ResourceType, obj: KubeObject, previous: KubeObject | undefined): void {
  if (type.custom) return;
  pruneEmptyFields(type.kind, obj);
  DEFAULTERS[`${type.group}/${type.kind}`]?.(obj, state, previous);
}

/**
 * What the storage layer sets after the field manager has recorded the write
 * (the strategy's PrepareForCreate, allocators), so no manager owns it.
 */
const ALLOCATORS: Record<string, Defaulter> = {
  '/Namespace': (obj) => {
    obj.spec = { finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  '/Service': (obj, state, previous) => allocateService(state, obj, previous),
  'batch/Job': labelJob,
};

export function applyAllocations(state: ServerState, type: ResourceType, obj: KubeObject, previous: KubeObject | undefined): void {
  if (type.custom) return;
  ALLOCATORS[`${type.group}/${type.kind}`]?.(obj, state, previous);
}
