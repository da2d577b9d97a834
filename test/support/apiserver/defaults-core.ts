// Defaults for core (v1) kinds: Service (ClusterIP allocation, IP families,
// ports), Secret (stringData folded into data), Pod, PVC, Endpoints, quotas.
import { defaultPodSpec } from './defaults-pod.js';
import { defaultPersistentVolumeClaimSpec } from './defaults-workloads.js';
import { canonicalizeQuantityMap } from './quantity.js';
import type { ServerState } from './state.js';
import { isObject, type KubeObject } from './types.js';

function objects(list: unknown): KubeObject[] {
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** The next free address in the default service range 10.96.0.0/12 (10.96.0.1 is the kubernetes Service). */
function allocateClusterIp(state: ServerState): string {
  const n = ++state.nextClusterIp;
  return `10.${96 + ((n >> 16) & 0x0f)}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

function allocateNodePort(state: ServerState): number {
  return 30000 + ((state.nextClusterIp * 7919) % 2768);
}

/** SetDefaults_Service: what the writer of the request owns along with what it sent. */
export function defaultService(obj: KubeObject): void {
  const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const port of objects(spec.ports)) {
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
  if (spec.type === 'ExternalName') return;
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/**
 * What the Service storage allocates after the field manager has run, so no
 * manager owns it: cluster IPs, IP families and node ports.
 */
export function allocateService(state: ServerState, obj: KubeObject, previous: KubeObject | undefined): void {
  const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
  const old = previous && isObject(previous.spec) ? previous.spec : {};
  const ports = objects(spec.ports);
  if (spec.type === 'ExternalName') return;
  // An empty clusterIP asks for one, like an absent one.
  if (spec.clusterIP === '') delete spec.clusterIP;
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 0) delete spec.clusterIPs;
  // Allocated fields survive updates that leave them out, as on a real server.
  spec.clusterIP ??= old.clusterIP ?? allocateClusterIp(state);
  spec.clusterIPs ??= spec.clusterIP === old.clusterIP && old.clusterIPs ? old.clusterIPs : [spec.clusterIP];
  spec.ipFamilies ??= old.ipFamilies ?? ['IPv4'];
  spec.ipFamilyPolicy ??= old.ipFamilyPolicy ?? 'SingleStack';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    const oldPorts = objects(old.ports);
    for (const port of ports) {
      if (port.nodePort === 0) delete port.nodePort;
      port.nodePort ??= oldPorts.find((p) => p.port === port.port && p.protocol === port.protocol)?.nodePort ?? allocateNodePort(state);
    }
  }
  obj.status ??= { loadBalancer: {} };
}

/** `stringData` is write-only: it is folded into `data` (base64) and never stored. */
export function defaultSecret(obj: KubeObject): void {
  obj.type ??= 'Opaque';
  if (isObject(obj.stringData)) {
    const data = isObject(obj.data) ? { ...obj.data } : {};
    for (const [key, value] of Object.entries(obj.stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

export function defaultPod(obj: KubeObject): void {
  const spec = isObject(obj.spec) ? obj.spec : (obj.spec = {});
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.tolerations ??= [
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
    { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
  ];
  obj.status ??= { phase: 'Pending', qosClass: 'BestEffort' };
}

export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  defaultPersistentVolumeClaimSpec(obj);
  obj.status ??= { phase: 'Pending' };
}

export function defaultEndpoints(obj: KubeObject): void {
  for (const subset of objects(obj.subsets)) for (const port of objects(subset.ports)) port.protocol ??= 'TCP';
}

export function defaultResourceQuota(obj: KubeObject): void {
  if (isObject(obj.spec)) canonicalizeQuantityMap(obj.spec.hard);
}

export function defaultLimitRange(obj: KubeObject): void {
  const limits = isObject(obj.spec) ? objects(obj.spec.limits) : [];
  for (const limit of limits) {
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) canonicalizeQuantityMap(limit[key]);
  }
}
