// The controllers behind PersistentVolumeClaims (a provisioner binds a new
// volume, unless tests say it cannot, or that the class waits for the
// claim's first consumer), Services of type
// LoadBalancer (a load balancer gets an address, unless tests say the cloud
// gives none) and HorizontalPodAutoscalers (their conditions, with or
// without a metrics API).
import { isObject, type KubeObject } from '../types.js';

const PROVISIONER = 'rancher.io/local-path';

/**
 * `bind`: a volume is provisioned and bound at once. `pending`: provisioning
 * was asked of the provisioner (its annotations are set, as the volume
 * controller sets them) but no volume comes. `wait-for-consumer`: a
 * WaitForFirstConsumer class and no pod using the claim scheduled yet, so
 * the volume controller leaves it alone: Pending, without annotations.
 */
export type VolumeMode = 'bind' | 'pending' | 'wait-for-consumer';
export type LoadBalancerMode = 'provision' | 'pending';

/**
 * Binds a claim as the volume controller does, on the object being written:
 * spec.volumeName, the bind annotations and the Bound status; in the other
 * modes an unbound claim stays Pending (see VolumeMode).
 */
export function bindClaim(claim: KubeObject, mode: VolumeMode): void {
  const spec = isObject(claim.spec) ? claim.spec : (claim.spec = {});
  const metadata = claim.metadata as KubeObject;
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const provisioner = { 'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER, 'volume.kubernetes.io/storage-provisioner': PROVISIONER };
  if (mode !== 'bind' && spec.volumeName === undefined) {
    if (mode === 'pending') metadata.annotations = { ...annotations, ...provisioner };
    claim.status = { phase: 'Pending' };
    return;
  }
  spec.volumeName ??= `pvc-${String(metadata.uid)}`;
  metadata.annotations = { ...annotations, 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', ...provisioner };
  const requests = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests : {};
  claim.status = {
    accessModes: Array.isArray(spec.accessModes) ? spec.accessModes : ['ReadWriteOnce'],
    capacity: { storage: requests.storage ?? '1Gi' },
    phase: 'Bound',
  };
}

/** status.loadBalancer for a Service of type LoadBalancer (`index` picks its address). */
export function loadBalancerStatus(service: KubeObject, mode: LoadBalancerMode, index: number): KubeObject | undefined {
  const spec = isObject(service.spec) ? service.spec : {};
  if (spec.type !== 'LoadBalancer') return undefined;
  const previous = isObject(service.status) && isObject(service.status.loadBalancer) ? service.status.loadBalancer : {};
  if (Array.isArray(previous.ingress) && previous.ingress.length > 0) return { loadBalancer: previous };
  if (mode === 'pending') return { loadBalancer: {} };
  return { loadBalancer: { ingress: [{ ip: `172.18.255.${200 + (index % 50)}`, ipMode: 'VIP' }] } };
}

function condition(type: string, status: 'True' | 'False', reason: string, message: string, previous: unknown, at: string): KubeObject {
  const old = isObject(previous) && Array.isArray(previous.conditions) ? previous.conditions.find((c) => isObject(c) && c.type === type) : undefined;
  const transition = isObject(old) && old.status === status ? old.lastTransitionTime : at;
  return { lastTransitionTime: transition, message, reason, status, type };
}

function metricName(metric: unknown): string {
  return isObject(metric) && isObject(metric.resource) && typeof metric.resource.name === 'string' ? metric.resource.name : 'cpu';
}

/**
 * The HPA controller's status: `targetReplicas` is the scale target's
 * spec.replicas (undefined when it does not exist), `metrics` whether the
 * metrics API answers.
 */
export function autoscalerStatus(hpa: KubeObject, targetReplicas: number | undefined, metrics: boolean, at: string): KubeObject {
  const spec = isObject(hpa.spec) ? hpa.spec : {};
  const previous = hpa.status;
  const target = isObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  const observedGeneration = (hpa.metadata as KubeObject).generation;
  if (targetReplicas === undefined) {
    const resource = `${String(target.kind ?? '').toLowerCase()}s/scale${target.kind === 'Deployment' || target.kind === 'StatefulSet' || target.kind === 'ReplicaSet' ? '.apps' : ''}`;
    return {
      conditions: [condition('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${resource} "${String(target.name)}" not found`, previous, at)],
      currentMetrics: null,
      currentReplicas: 0,
      desiredReplicas: 0,
      observedGeneration,
    };
  }
  const name = metricName(Array.isArray(spec.metrics) ? spec.metrics[0] : undefined);
  if (targetReplicas === 0) {
    return {
      conditions: [
        condition('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", previous, at),
        condition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', previous, at),
      ],
      currentMetrics: null,
      currentReplicas: 0,
      desiredReplicas: 0,
      observedGeneration,
    };
  }
  const able = condition('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', previous, at);
  if (!metrics) {
    return {
      conditions: [
        able,
        condition('ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: failed to get ${name} utilization: unable to get metrics for resource ${name}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`, previous, at),
      ],
      currentMetrics: null,
      currentReplicas: targetReplicas,
      desiredReplicas: targetReplicas,
      observedGeneration,
    };
  }
  return {
    conditions: [
      able,
      condition('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${name} resource utilization (percentage of request)`, previous, at),
      condition('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range', previous, at),
    ],
    currentMetrics: [{ resource: { current: { averageUtilization: 12, averageValue: name === 'memory' ? '64Mi' : '6m' }, name }, type: 'Resource' }],
    currentReplicas: targetReplicas,
    desiredReplicas: targetReplicas,
    observedGeneration,
  };
}
