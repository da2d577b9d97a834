// Measures compareObject on generated objects as a cluster returns them
// (server defaults, managedFields, last-applied annotations), in sync and with
// some drift. Not a test (timings are not asserted); run it with
//   node --import tsx test/kubediff/compare/compare-bench.ts [objects] [drift%] [schemas] [csa|ssa]
// `schemas`: with the kinds' real Kubernetes 1.33 OpenAPI v3 schemas, as a cluster gives them.
// csa (default): client-side applied (last-applied annotation, an Update entry);
// ssa: server-side applied (an Apply entry holding every field git sets, a
// controller's status entry, no annotation).

import { compareObject, type CompareContext } from '../../../src/kubediff/compare/compare.js';
import { realSchemas } from '../helpers/real-schemas.js';

type Obj = Record<string, unknown>;

const mode = process.argv.slice(4).includes('ssa') ? 'ssa' : 'csa';

/** The FieldsV1 an Apply of `value` records (keyed items by name, other lists whole). */
function fieldsOf(value: unknown): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const fields: Obj = {};
  for (const [key, child] of Object.entries(value as Obj)) {
    if (Array.isArray(child) && child.every((item) => typeof item === 'object' && item !== null && 'name' in item)) {
      fields[`f:${key}`] = Object.fromEntries(child.map((item: Obj) => [`k:${JSON.stringify({ name: item.name })}`, { '.': {}, ...fieldsOf(item) }]));
    } else {
      fields[`f:${key}`] = fieldsOf(child);
    }
  }
  return fields;
}

function serverSideApplied(manifest: Obj, live: Obj): Obj {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = manifest;
  const { name: _n, namespace: _ns, ...ownMetadata } = metadata as Obj;
  const applied = { manager: 'kustomize-controller', operation: 'Apply', apiVersion: 'apps/v1', time: '2024-09-14T22:20:41Z', fieldsType: 'FieldsV1', fieldsV1: fieldsOf({ metadata: ownMetadata, ...rest }) };
  const status = { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: '2024-09-14T22:20:45Z', fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': fieldsOf(live.status) } };
  return { ...live, metadata: { ...(live.metadata as Obj), uid: '6a850cf9-b86c-11e8-bbd2-42010a8a00bb', resourceVersion: '10689842', managedFields: [applied, status] } };
}

function withLastApplied(manifest: Obj, live: Obj): Obj {
  if (mode === 'ssa') return serverSideApplied(manifest, live);
  const metadata = live.metadata as Obj;
  return {
    ...live,
    metadata: {
      ...metadata,
      uid: '6a850cf9-b86c-11e8-bbd2-42010a8a00bb',
      resourceVersion: '10689842',
      creationTimestamp: '2024-09-14T22:20:41Z',
      generation: 3,
      managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: { 'f:metadata': {}, 'f:spec': {} } }],
      annotations: { ...(metadata.annotations as Obj), 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(manifest) },
    },
  };
}

function deployment(i: number, drift: boolean): [Obj, Obj] {
  const name = `web-${i}`;
  const container = (image: string): Obj => ({
    name: 'app',
    image,
    args: ['--port=8080', `--id=${i}`],
    ports: [{ containerPort: 8080, name: 'http' }],
    env: [{ name: 'MODE', value: 'prod' }, { name: 'ID', value: String(i) }],
    resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
  });
  const git: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: `ns-${i % 20}`, labels: { app: name, tier: 'web' } },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [container('nginx:1.25')] } } },
  };
  const liveContainer = {
    ...container(drift ? 'nginx:1.26' : 'nginx:1.25'),
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, failureThreshold: 3, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 },
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  const live: Obj = {
    ...git,
    metadata: { ...(git.metadata as Obj), annotations: { 'deployment.kubernetes.io/revision': '3' } },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 2,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: name } },
        spec: {
          containers: [liveContainer],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: { availableReplicas: 2, observedGeneration: 3, readyReplicas: 2, replicas: 2, updatedReplicas: 2 },
  };
  return [git, withLastApplied(git, live)];
}

function service(i: number, drift: boolean): [Obj, Obj] {
  const git: Obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: `web-${i}`, namespace: `ns-${i % 20}` }, spec: { selector: { app: `web-${i}` }, ports: [{ port: 80, targetPort: 8080 }] } };
  const live: Obj = {
    ...git,
    spec: {
      clusterIP: '10.0.3.4', clusterIPs: ['10.0.3.4'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster',
      selector: { app: `web-${i}` }, sessionAffinity: 'None', type: 'ClusterIP',
      ports: [{ port: 80, protocol: 'TCP', targetPort: drift ? 9090 : 8080 }],
    },
    status: { loadBalancer: {} },
  };
  return [git, withLastApplied(git, live)];
}

function configMap(i: number, drift: boolean): [Obj, Obj] {
  const data: Obj = {};
  for (let k = 0; k < 10; k++) data[`key-${k}`] = `value ${k} of ${i}`;
  const git: Obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cfg-${i}`, namespace: `ns-${i % 20}` }, data };
  const live: Obj = { ...git, data: drift ? { ...data, 'key-3': 'edited' } : data };
  return [git, withLastApplied(git, live)];
}

function secret(i: number, drift: boolean): [Obj, Obj] {
  const git: Obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: `sec-${i}`, namespace: `ns-${i % 20}` }, stringData: { password: `pw-${i}` } };
  const live: Obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name: `sec-${i}`, namespace: `ns-${i % 20}` }, type: 'Opaque', data: { password: Buffer.from(drift ? 'other' : `pw-${i}`).toString('base64') } };
  return [git, withLastApplied(git, live)];
}

const generators = [deployment, deployment, service, configMap, secret];
const count = Number(process.argv[2] ?? 10_000);
const driftPercent = Number(process.argv[3] ?? 0);
const withSchemas = process.argv.slice(4).includes('schemas');

function contextFor(git: Obj): CompareContext {
  const schema = withSchemas ? realSchemas.forKind(String(git.apiVersion), String(git.kind)) : undefined;
  return schema ? { hpaTargeted: false, schema } : { hpaTargeted: false };
}

function generate(): [Obj, Obj][] {
  const pairs: [Obj, Obj][] = [];
  for (let i = 0; i < count; i++) {
    const generator = generators[i % generators.length] ?? deployment;
    pairs.push(generator(i, (i * 7919) % 100 < driftPercent));
  }
  return pairs;
}

function run(pairs: [Obj, Obj][]): { ms: number; drifted: number } {
  const start = performance.now();
  let drifted = 0;
  for (const [git, live] of pairs) {
    if (compareObject(git, live, contextFor(git)).differences.length > 0) drifted++;
  }
  return { ms: performance.now() - start, drifted };
}

const pairs = generate();
const runs = [run(pairs), run(generate()), run(generate())];
const best = Math.min(...runs.map((r) => r.ms));
const first = runs[0] ?? { ms: 0, drifted: 0 };
console.log(
  `${count} objects (${mode})${withSchemas ? ' with schemas' : ''}, ${driftPercent}% drift target: drifted=${first.drifted} first=${first.ms.toFixed(0)}ms best=${best.toFixed(0)}ms ` +
    `(${((best * 1000) / count).toFixed(1)} µs/object), rss=${(process.memoryUsage().rss / 1e6).toFixed(0)}MB`,
);
