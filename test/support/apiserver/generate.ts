// Generated manifests for benchmarks and large tests: N objects of chosen
// kinds spread round-robin across namespaces, deterministic (same options,
// same objects), as a user would keep them in git.
import type { KubeObject } from './types.js';

export type GeneratedKind = 'ConfigMap' | 'Secret' | 'Service' | 'ServiceAccount' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob' | 'Ingress' | 'Role' | 'RoleBinding';

export interface GenerateOptions {
  count: number;
  /** Kinds to cycle through (default: ConfigMap, Secret, Service, Deployment). */
  kinds?: GeneratedKind[];
  /** Namespace names, or how many `ns-<i>` namespaces (default 10). */
  namespaces?: string[] | number;
  /** Also return one Namespace manifest per namespace, first (default false). */
  includeNamespaces?: boolean;
}

type Template = (name: string, namespace: string, i: number) => KubeObject;

const podTemplate = (app: string, i: number): KubeObject => ({
  metadata: { labels: { app } },
  spec: {
    containers: [
      {
        name: 'app',
        image: `registry.example.com/${app}:1.${i % 50}.0`,
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [{ name: 'INDEX', value: String(i) }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      },
    ],
  },
});

const TEMPLATES: Record<GeneratedKind, Template> = {
  ConfigMap: (name, namespace, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { app: name } }, data: { index: String(i), 'settings.yaml': `replicas: ${i % 5}\nmode: fast\n` } }),
  Secret: (name, namespace, i) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels: { app: name } }, type: 'Opaque', data: { password: Buffer.from(`secret-${i}`).toString('base64') } }),
  Service: (name, namespace) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels: { app: name } }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }),
  ServiceAccount: (name, namespace) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels: { app: name } } }),
  Deployment: (name, namespace, i) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels: { app: name } }, spec: { replicas: 1 + (i % 3), selector: { matchLabels: { app: name } }, template: podTemplate(name, i) } }),
  StatefulSet: (name, namespace, i) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace, labels: { app: name } }, spec: { serviceName: name, replicas: 1, selector: { matchLabels: { app: name } }, template: podTemplate(name, i) } }),
  DaemonSet: (name, namespace, i) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace, labels: { app: name } }, spec: { selector: { matchLabels: { app: name } }, template: podTemplate(name, i) } }),
  CronJob: (name, namespace, i) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace, labels: { app: name } }, spec: { schedule: `${i % 60} * * * *`, jobTemplate: { spec: { template: { ...podTemplate(name, i), spec: { ...(podTemplate(name, i).spec as KubeObject), restartPolicy: 'OnFailure' } } } } } }),
  Ingress: (name, namespace) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace, labels: { app: name } }, spec: { rules: [{ host: `${name}.${namespace}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }] } }),
  Role: (name, namespace) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace, labels: { app: name } }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] }),
  RoleBinding: (name, namespace) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace, labels: { app: name } }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name, namespace }] }),
};

const DEFAULT_KINDS: GeneratedKind[] = ['ConfigMap', 'Secret', 'Service', 'Deployment'];

export function generateObjects(options: GenerateOptions): KubeObject[] {
  const kinds = options.kinds ?? DEFAULT_KINDS;
  const namespaces = Array.isArray(options.namespaces) ? options.namespaces : Array.from({ length: options.namespaces ?? 10 }, (_, i) => `ns-${i}`);
  if (kinds.length === 0 || namespaces.length === 0) throw new Error('generateObjects needs at least one kind and one namespace');
  const objects: KubeObject[] = options.includeNamespaces ? namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })) : [];
  for (let i = 0; i < options.count; i++) {
    const kind = kinds[i % kinds.length] as GeneratedKind;
    const namespace = namespaces[Math.floor(i / kinds.length) % namespaces.length] as string;
    objects.push(TEMPLATES[kind](`${kind.toLowerCase()}-${i}`, namespace, i));
  }
  return objects;
}
