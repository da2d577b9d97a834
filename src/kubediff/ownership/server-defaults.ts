// Values the API server fills in when a request leaves them out (the built-in
// kinds' SetDefaults_* functions). An Update entry in managedFields (client-
// side apply, kubectl create, kubectl edit adding a container) owns what was
// defaulted in that request, so ownership alone cannot tell "changed by hand"
// or "removed from git" from "defaulted": a live value equal to the default
// is taken as defaulted.

import type { Site } from '../compare/site.js';
import { isDeepEmpty, isMap, type JsonMap } from '../compare/values.js';

type Expected = unknown | ((parent: JsonMap) => unknown);

interface DefaultRule {
  readonly value: Expected;
  /** The field name of the map holding the field (for list items, the list's). */
  readonly parentKey?: string | readonly string[];
  readonly grandKey?: string | readonly string[];
  readonly kinds?: readonly string[];
}

const CONTAINERS = ['containers', 'initContainers', 'ephemeralContainers'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const WORKLOADS_WITH_REPLICAS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** Always for `:latest` or an untagged image, IfNotPresent otherwise (by digest too). */
function imagePullPolicy(container: JsonMap): string {
  const image = typeof container.image === 'string' ? container.image : '';
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

const RULES: Readonly<Record<string, readonly DefaultRule[]>> = {
  // Containers, probes, ports, volumes, env: every pod template.
  imagePullPolicy: [{ value: imagePullPolicy, parentKey: CONTAINERS }],
  terminationMessagePath: [{ value: '/dev/termination-log', parentKey: CONTAINERS }],
  terminationMessagePolicy: [{ value: 'File', parentKey: CONTAINERS }],
  timeoutSeconds: [{ value: 1, parentKey: PROBES }, { value: 10, parentKey: 'webhooks' }],
  periodSeconds: [{ value: 10, parentKey: PROBES }],
  successThreshold: [{ value: 1, parentKey: PROBES }],
  failureThreshold: [{ value: 3, parentKey: PROBES }],
  scheme: [{ value: 'HTTP', parentKey: 'httpGet' }],
  protocol: [{ value: 'TCP', parentKey: 'ports' }],
  targetPort: [{ value: (port: JsonMap) => port.port, parentKey: 'ports', kinds: ['Service'] }],
  defaultMode: [{ value: 420, parentKey: ['configMap', 'secret', 'downwardAPI', 'projected'] }],
  expirationSeconds: [{ value: 3600, parentKey: 'serviceAccountToken' }],
  apiVersion: [{ value: 'v1', parentKey: 'fieldRef' }],
  divisor: [{ value: '0', parentKey: 'resourceFieldRef' }],
  type: [
    { value: '', parentKey: 'hostPath' },
    { value: 'RollingUpdate', parentKey: ['strategy', 'updateStrategy'] },
    { value: 'ClusterIP', parentKey: 'spec', kinds: ['Service'] },
    { value: 'Opaque', parentKey: '', kinds: ['Secret'] },
  ],
  // Pod specs.
  restartPolicy: [{ value: 'Always', parentKey: 'spec', grandKey: ['template', ''] }],
  terminationGracePeriodSeconds: [{ value: 30, parentKey: 'spec' }],
  dnsPolicy: [{ value: 'ClusterFirst', parentKey: 'spec' }],
  schedulerName: [{ value: 'default-scheduler', parentKey: 'spec' }],
  enableServiceLinks: [{ value: true, parentKey: 'spec' }],
  priority: [{ value: 0, parentKey: 'spec' }],
  preemptionPolicy: [{ value: 'PreemptLowerPriority' }],
  serviceAccount: [{ value: (spec: JsonMap) => spec.serviceAccountName, parentKey: 'spec' }],
  serviceAccountName: [{ value: (spec: JsonMap) => spec.serviceAccount ?? 'default', parentKey: 'spec' }],
  // Workloads.
  replicas: [{ value: 1, parentKey: 'spec', kinds: WORKLOADS_WITH_REPLICAS }],
  revisionHistoryLimit: [{ value: 10, parentKey: 'spec' }],
  progressDeadlineSeconds: [{ value: 600, parentKey: 'spec' }],
  maxSurge: [{ value: '25%', kinds: ['Deployment'] }, { value: 0, kinds: ['DaemonSet'] }],
  maxUnavailable: [{ value: '25%', kinds: ['Deployment'] }, { value: 1, kinds: ['DaemonSet'] }],
  partition: [{ value: 0, parentKey: 'rollingUpdate' }],
  podManagementPolicy: [{ value: 'OrderedReady' }],
  whenDeleted: [{ value: 'Retain' }],
  whenScaled: [{ value: 'Retain' }],
  completions: [{ value: 1, kinds: ['Job', 'CronJob'] }],
  parallelism: [{ value: 1, kinds: ['Job', 'CronJob'] }],
  backoffLimit: [{ value: 6 }],
  completionMode: [{ value: 'NonIndexed' }],
  suspend: [{ value: false, kinds: ['Job', 'CronJob'] }],
  podReplacementPolicy: [{ value: 'TerminatingOrFailed' }],
  concurrencyPolicy: [{ value: 'Allow' }],
  successfulJobsHistoryLimit: [{ value: 3 }],
  failedJobsHistoryLimit: [{ value: 1 }],
  volumeMode: [{ value: 'Filesystem' }],
  // Services.
  sessionAffinity: [{ value: 'None', kinds: ['Service'] }],
  internalTrafficPolicy: [{ value: 'Cluster', kinds: ['Service'] }],
  externalTrafficPolicy: [{ value: 'Cluster', kinds: ['Service'] }],
  allocateLoadBalancerNodePorts: [{ value: true, kinds: ['Service'] }],
  // Webhooks, storage.
  failurePolicy: [{ value: 'Fail', parentKey: 'webhooks' }],
  matchPolicy: [{ value: 'Equivalent', parentKey: 'webhooks' }],
  reinvocationPolicy: [{ value: 'Never', parentKey: 'webhooks' }],
  scope: [{ value: '*', parentKey: 'rules', grandKey: 'webhooks' }],
  reclaimPolicy: [{ value: 'Delete', kinds: ['StorageClass'] }],
  volumeBindingMode: [{ value: 'Immediate', kinds: ['StorageClass'] }],
  // The label every namespace gets, with its name.
  'kubernetes.io/metadata.name': [{ value: (labels: JsonMap) => labels['kubernetes.io/metadata.name'], parentKey: 'labels', grandKey: 'metadata', kinds: ['Namespace'] }],
};

const matches = (expected: string | readonly string[] | undefined, actual: string): boolean =>
  expected === undefined || (typeof expected === 'string' ? expected === actual : expected.includes(actual));

/** Whether the live `value` at `site` (in `parent`, of an object of `kind`) is what the server defaults there. */
export function isServerDefault(kind: string, site: Site, value: unknown, parent: JsonMap | undefined): boolean {
  if (isDeepEmpty(value)) return true;
  const rules = Object.hasOwn(RULES, site.key) ? RULES[site.key] : undefined;
  if (!rules) return false;
  for (const rule of rules) {
    if (!matches(rule.parentKey, site.parentKey) || !matches(rule.grandKey, site.grandKey)) continue;
    if (rule.kinds && !rule.kinds.includes(kind)) continue;
    const expected = typeof rule.value === 'function' ? (rule.value as (p: JsonMap) => unknown)(parent ?? {}) : rule.value;
    if (expected === value) return true;
  }
  return false;
}

/** Whether every leaf of `value` (a map: recursively) is a server default: nothing anyone chose is in it. */
export function isDefaultsOnly(kind: string, site: Site, value: unknown, parent: JsonMap | undefined, child: (site: Site, key: string) => Site): boolean {
  if (!isMap(value)) return isServerDefault(kind, site, value, parent);
  for (const key in value) if (!isDefaultsOnly(kind, child(site, key), value[key], value, child)) return false;
  return true;
}
