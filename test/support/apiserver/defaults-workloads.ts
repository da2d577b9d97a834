// Defaults for the workload kinds (apps/v1 and batch/v1) as a 1.31 API server applies them.
import { defaultPodTemplate } from './defaults-pod.js';
import { canonicalizeQuantityMap } from './quantity.js';
import { isObject, type KubeObject } from './types.js';

function specOf(obj: KubeObject): KubeObject {
  if (!isObject(obj.spec)) obj.spec = {};
  return obj.spec as KubeObject;
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.replicas ??= 1;
  const strategy = isObject(spec.strategy) ? spec.strategy : (spec.strategy = {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : (strategy.rollingUpdate = {});
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
}

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  const strategy = isObject(spec.updateStrategy) ? spec.updateStrategy : (spec.updateStrategy = {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : (strategy.rollingUpdate = {});
    rolling.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  const retention = isObject(spec.persistentVolumeClaimRetentionPolicy) ? spec.persistentVolumeClaimRetentionPolicy : (spec.persistentVolumeClaimRetentionPolicy = {});
  retention.whenDeleted ??= 'Retain';
  retention.whenScaled ??= 'Retain';
  if (Array.isArray(spec.volumeClaimTemplates)) {
    spec.volumeClaimTemplates = spec.volumeClaimTemplates.filter(isObject).map((claim) => {
      const defaulted: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...claim };
      defaulted.metadata = { creationTimestamp: null, ...(isObject(claim.metadata) ? claim.metadata : {}) };
      defaultPersistentVolumeClaimSpec(defaulted);
      defaulted.status = { phase: 'Pending' };
      return defaulted;
    });
  }
  defaultPodTemplate(spec.template);
}

export function defaultDaemonSet(obj: KubeObject): void {
  const spec = specOf(obj);
  const strategy = isObject(spec.updateStrategy) ? spec.updateStrategy : (spec.updateStrategy = {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : (strategy.rollingUpdate = {});
    rolling.maxUnavailable ??= 1;
    rolling.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}

export function defaultJob(obj: KubeObject): void {
  const spec = specOf(obj);
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

/** The Job's generated selector and pod labels, keyed by its uid (the Job strategy sets them after the field manager). */
export function labelJob(obj: KubeObject): void {
  const spec = specOf(obj);
  const metadata = obj.metadata as KubeObject;
  if (spec.manualSelector === true) return;
  const uid = String(metadata.uid);
  const jobLabels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': metadata.name, 'controller-uid': uid, 'job-name': metadata.name };
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  if (isObject(spec.template)) {
    const templateMeta = isObject(spec.template.metadata) ? spec.template.metadata : (spec.template.metadata = {});
    templateMeta.labels = { ...jobLabels, ...(isObject(templateMeta.labels) ? templateMeta.labels : {}) };
  }
}

export function defaultCronJob(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = isObject(spec.jobTemplate) ? spec.jobTemplate : (spec.jobTemplate = {});
  jobTemplate.metadata = { creationTimestamp: null, ...(isObject(jobTemplate.metadata) ? jobTemplate.metadata : {}) };
  if (isObject(jobTemplate.spec)) defaultPodTemplate(jobTemplate.spec.template);
}

export function defaultPersistentVolumeClaimSpec(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.volumeMode ??= 'Filesystem';
  if (isObject(spec.resources)) {
    canonicalizeQuantityMap(spec.resources.requests);
    canonicalizeQuantityMap(spec.resources.limits);
  }
}
