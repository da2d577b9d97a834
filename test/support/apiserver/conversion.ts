// Conversion between served versions of one kind. Objects are stored at one
// version; a request at another version reads and writes through these
// conversions. Custom resources use the "None" strategy: only apiVersion changes.
// Built in: autoscaling/v1 <-> v2 HorizontalPodAutoscaler (v1 knows only a CPU target).
import type { ResourceRegistry } from './registry.js';
import { groupVersion, isObject, type KubeObject, type ResourceType } from './types.js';

const CPU_METRIC = (utilization: unknown): KubeObject => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } } });

function hpaV1ToV2(obj: KubeObject): KubeObject {
  const { targetCPUUtilizationPercentage, ...spec } = isObject(obj.spec) ? obj.spec : {};
  const status = isObject(obj.status) ? obj.status : undefined;
  return {
    ...obj,
    apiVersion: 'autoscaling/v2',
    spec: targetCPUUtilizationPercentage === undefined ? spec : { ...spec, metrics: [CPU_METRIC(targetCPUUtilizationPercentage)] },
    ...(status
      ? { status: { ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}), ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}), currentReplicas: status.currentReplicas, desiredReplicas: status.desiredReplicas } }
      : {}),
  };
}

function hpaV2ToV1(obj: KubeObject): KubeObject {
  const { metrics, behavior: _behavior, ...spec } = isObject(obj.spec) ? obj.spec : {};
  const cpu = Array.isArray(metrics)
    ? metrics.find((m) => isObject(m) && isObject(m.resource) && m.resource.name === 'cpu' && isObject(m.resource.target) && m.resource.target.type === 'Utilization')
    : undefined;
  const target = isObject(cpu) && isObject(cpu.resource) && isObject(cpu.resource.target) ? cpu.resource.target.averageUtilization : undefined;
  const status = isObject(obj.status) ? obj.status : undefined;
  return {
    ...obj,
    apiVersion: 'autoscaling/v1',
    spec: target === undefined ? spec : { ...spec, targetCPUUtilizationPercentage: target },
    ...(status ? { status: { ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}), ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}), currentReplicas: status.currentReplicas ?? 0, desiredReplicas: status.desiredReplicas ?? 0 } } : {}),
  };
}

function isHpa(type: ResourceType): boolean {
  return !type.custom && type.group === 'autoscaling' && type.resource === 'horizontalpodautoscalers';
}

/** The object as served at `type`'s version. */
export function convertTo(type: ResourceType, obj: KubeObject): KubeObject {
  const target = groupVersion(type);
  if (obj.apiVersion === target) return obj;
  if (isHpa(type)) return type.version === 'v1' ? hpaV2ToV1(obj) : hpaV1ToV2(obj);
  return { ...obj, apiVersion: target };
}

/** Where objects written at `type`'s version are stored, and the body converted for it. */
export function toStorage(registry: ResourceRegistry, type: ResourceType, body: KubeObject): { type: ResourceType; body: KubeObject } {
  if (isHpa(type) && type.version === 'v1') {
    const storage = registry.find('autoscaling', 'v2', 'horizontalpodautoscalers');
    if (storage) return { type: storage, body: body.apiVersion === 'autoscaling/v1' || body.apiVersion === undefined ? hpaV1ToV2({ ...body, apiVersion: 'autoscaling/v1' }) : body };
  }
  return { type, body };
}
