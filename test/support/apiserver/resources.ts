// The built-in resource table: every kind the emulated server serves without
// a CRD, with the names, scopes and short names a real 1.31 server reports.
import type { ResourceType } from './types.js';

interface Entry {
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: Array<'status' | 'scale'>;
  generation?: boolean;
  verbs?: string[];
}

const ALL = ['all'];

const GROUPS: Array<{ group: string; version: string; entries: Entry[] }> = [
  {
    group: '',
    version: 'v1',
    entries: [
      { resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
      { resource: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'] },
      { resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
      { resource: 'limitranges', kind: 'LimitRange', namespaced: true, shortNames: ['limits'] },
      { resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
      { resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
      { resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], subresources: ['status'] },
      { resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, shortNames: ['pv'], subresources: ['status'] },
      { resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ALL, subresources: ['status'] },
      { resource: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'], categories: ALL, subresources: ['status', 'scale'], generation: true },
      { resource: 'resourcequotas', kind: 'ResourceQuota', namespaced: true, shortNames: ['quota'], subresources: ['status'] },
      { resource: 'secrets', kind: 'Secret', namespaced: true },
      { resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
      { resource: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ALL, subresources: ['status'] },
    ],
  },
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    entries: [
      { resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'], generation: true },
      { resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'], generation: true },
    ],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    entries: [
      { resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status'], generation: true },
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    entries: [
      { resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], categories: ALL, subresources: ['status'], generation: true },
      { resource: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ALL, subresources: ['status', 'scale'], generation: true },
      { resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ALL, subresources: ['status', 'scale'], generation: true },
      { resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'], categories: ALL, subresources: ['status', 'scale'], generation: true },
    ],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    entries: [{ resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] }],
  },
  {
    group: 'autoscaling',
    version: 'v2',
    entries: [
      { resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], categories: ALL, subresources: ['status'] },
    ],
  },
  {
    // Served at v1 too (the preferred version is v2); conversion.ts converts between them.
    group: 'autoscaling',
    version: 'v1',
    entries: [
      { resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], categories: ALL, subresources: ['status'] },
    ],
  },
  {
    group: 'batch',
    version: 'v1',
    entries: [
      { resource: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'], categories: ALL, subresources: ['status'], generation: true },
      { resource: 'jobs', kind: 'Job', namespaced: true, categories: ALL, subresources: ['status'], generation: true },
    ],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    entries: [
      { resource: 'ingressclasses', kind: 'IngressClass', namespaced: false, generation: true },
      { resource: 'ingresses', kind: 'Ingress', namespaced: true, shortNames: ['ing'], subresources: ['status'], generation: true },
      { resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'], generation: true },
    ],
  },
  {
    group: 'policy',
    version: 'v1',
    entries: [
      { resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'], generation: true },
    ],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    entries: [
      { resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
      { resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
      { resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
      { resource: 'roles', kind: 'Role', namespaced: true },
    ],
  },
  {
    group: 'scheduling.k8s.io',
    version: 'v1',
    entries: [{ resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false, shortNames: ['pc'] }],
  },
  {
    group: 'storage.k8s.io',
    version: 'v1',
    entries: [{ resource: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] }],
  },
];

/** The built-in resource types, in discovery order (groups as a real server orders them). */
export function builtinResourceTypes(): ResourceType[] {
  return GROUPS.flatMap(({ group, version, entries }) =>
    entries.map((entry) => ({
      group,
      version,
      resource: entry.resource,
      kind: entry.kind,
      listKind: `${entry.kind}List`,
      singular: entry.kind.toLowerCase(),
      namespaced: entry.namespaced,
      shortNames: entry.shortNames ?? [],
      categories: entry.categories ?? [],
      subresources: entry.subresources ?? [],
      custom: false,
      hasGeneration: entry.generation ?? false,
      ...(entry.verbs ? { verbs: entry.verbs } : {}),
    })),
  );
}
