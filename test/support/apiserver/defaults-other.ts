// Defaults for the remaining built-in kinds: admission webhooks, storage and
// priority classes, network policies, autoscalers.
import { isObject, type KubeObject } from './types.js';

function objects(list: unknown): KubeObject[] {
  return Array.isArray(list) ? list.filter(isObject) : [];
}

export function defaultWebhookConfiguration(obj: KubeObject, mutating: boolean): void {
  for (const webhook of objects(obj.webhooks)) {
    webhook.failurePolicy ??= 'Fail';
    webhook.matchPolicy ??= 'Equivalent';
    webhook.namespaceSelector ??= {};
    webhook.objectSelector ??= {};
    webhook.timeoutSeconds ??= 10;
    if (mutating) webhook.reinvocationPolicy ??= 'Never';
    for (const rule of objects(webhook.rules)) rule.scope ??= '*';
    if (isObject(webhook.clientConfig) && isObject(webhook.clientConfig.service)) webhook.clientConfig.service.port ??= 443;
  }
}

export function defaultStorageClass(obj: KubeObject): void {
  obj.reclaimPolicy ??= 'Delete';
  obj.volumeBindingMode ??= 'Immediate';
}

export function defaultPriorityClass(obj: KubeObject): void {
  obj.preemptionPolicy ??= 'PreemptLowerPriority';
}

export function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
  spec.podSelector ??= {};
  spec.policyTypes ??= Array.isArray(spec.egress) ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const rule of [...objects(spec.ingress), ...objects(spec.egress)]) {
    for (const port of objects(rule.ports)) port.protocol ??= 'TCP';
  }
}

export function defaultHorizontalPodAutoscaler(obj: KubeObject): void {
  const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
}
