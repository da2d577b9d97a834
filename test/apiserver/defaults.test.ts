// Server-side defaults, compared with what real API servers returned for the
// same manifests (test/fixtures/conformance/gitops-engine) and with the defaults
// documented for each kind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { startApiServer, type ApiServer, type KubeObject } from '../support/apiserver/index.js';

const CONFORMANCE = fileURLToPath(new URL('../fixtures/conformance/gitops-engine', import.meta.url));

function load(name: string): KubeObject {
  const text = readFileSync(`${CONFORMANCE}/${name}`, 'utf8');
  return (name.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as KubeObject;
}

/** Every field of `expected` is in `actual` with the same value (actual may hold more). */
function assertContains(actual: unknown, expected: unknown, path = ''): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a list`);
    assert.equal(actual.length, expected.length, `${path}: list length`);
    expected.forEach((item, i) => assertContains(actual[i], item, `${path}[${i}]`));
  } else if (typeof expected === 'object' && expected !== null) {
    assert.ok(typeof actual === 'object' && actual !== null, `${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected)) assertContains((actual as KubeObject)[key], value, `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('server-side defaults', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer();
  });
  after(() => server.close());

  test('a Deployment gets the spec a real server returned (apart from the injected env var)', () => {
    const live: Json = load('deployment-live.json');
    const created: Json = server.apply(load('deployment-config.json'));
    live.spec.template.spec.containers[0].env = live.spec.template.spec.containers[0].env.filter((e: { name: string }) => e.name !== 'VAR2');
    assert.deepEqual(created.spec, live.spec);
    assert.equal(created.metadata.generation, 1);
    assert.equal(created.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.deepEqual(Object.keys(created.status).sort(), Object.keys(live.status).sort());
  });

  test('a Deployment with probes gets the spec a real server returned', () => {
    const created: Json = server.apply(load('smd-deploy-config.yaml'));
    assert.deepEqual(created.spec, load('smd-deploy-live.yaml').spec);
  });

  test('a StatefulSet holds every default a real server returned', () => {
    const live: Json = load('elasticsearch-live.json');
    const config: Json = { ...load('elasticsearch-config.json'), apiVersion: 'apps/v1' };
    const created: Json = server.apply(config);
    assertContains(created.spec, live.spec);
    const plain: Json = server.apply({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { a: 's' } }, template: { metadata: { labels: { a: 's' } }, spec: { containers: [{ name: 'c', image: 'db:1' }] } } } });
    assert.deepEqual(plain.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.equal(plain.spec.podManagementPolicy, 'OrderedReady');
    assert.equal(created.spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
    assert.deepEqual(created.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('Endpoints ports and webhook configurations get their defaults', () => {
    assertContains(server.apply(load('endpoints-config.json')), { subsets: load('endpoints-live.json').subsets });
    const live: Json = load('mutatingwebhookconfig-live.json');
    const created: Json = server.apply({ ...load('mutatingwebhookconfig-config.json'), apiVersion: 'admissionregistration.k8s.io/v1' });
    // v1beta1 (the recorded server) defaulted these differently (Exact, 30, [v1beta1], Unknown); v1 requires the last two.
    for (const webhook of live.webhooks) {
      for (const field of ['matchPolicy', 'timeoutSeconds', 'admissionReviewVersions', 'sideEffects']) delete webhook[field];
      delete webhook.clientConfig.caBundle; // injected by cert-manager, not a default
    }
    assertContains(created.webhooks, live.webhooks);
    assert.equal(created.webhooks[0].matchPolicy, 'Equivalent');
  });

  test('a Service gets a cluster IP, IP families, session affinity, port protocol and targetPort', () => {
    const created: Json = server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }] } });
    assert.match(created.spec.clusterIP, /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    assert.deepEqual(created.spec.clusterIPs, [created.spec.clusterIP]);
    assert.deepEqual(created.spec.ipFamilies, ['IPv4']);
    assert.equal(created.spec.ipFamilyPolicy, 'SingleStack');
    assert.equal(created.spec.sessionAffinity, 'None');
    assert.equal(created.spec.type, 'ClusterIP');
    assert.equal(created.spec.internalTrafficPolicy, 'Cluster');
    assert.deepEqual(created.spec.ports, [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }, { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }]);
    assert.deepEqual(created.status, { loadBalancer: {} });
    const other: Json = server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'other' }, spec: { ports: [{ port: 80 }] } });
    assert.notEqual(other.spec.clusterIP, created.spec.clusterIP);
    const updated: Json = server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api2' }, ports: [{ port: 80 }] } });
    assert.equal(updated.spec.clusterIP, created.spec.clusterIP, 'the allocated IP survives an update that leaves it out');
  });

  test('a Secret folds stringData into data and defaults its type', () => {
    const created: Json = server.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'bee' } });
    assert.deepEqual(created.data, { a: 'YQ==', b: Buffer.from('bee').toString('base64') });
    assert.equal(created.stringData, undefined);
    assert.equal(created.type, 'Opaque');
  });

  test('quantities are stored in canonical form', () => {
    const created: Json = server.apply({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } },
    });
    assert.deepEqual(created.spec.resources.requests, { storage: '1Gi' });
    assert.equal(created.spec.volumeMode, 'Filesystem');
    // The volume controller binds it (controllers/services.ts), with the canonical quantity as capacity.
    assert.deepEqual(created.status, { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, phase: 'Bound' });
    const deployment: Json = server.apply({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'q' },
      spec: { selector: { matchLabels: { a: 'q' } }, template: { metadata: { labels: { a: 'q' } }, spec: { containers: [{ name: 'c', image: 'x:latest', resources: { requests: { cpu: 0.5, memory: '1.5Gi' }, limits: { cpu: '2000m' } } }] } } },
    });
    const container = deployment.spec.template.spec.containers[0];
    assert.deepEqual(container.resources, { limits: { cpu: '2' }, requests: { cpu: '500m', memory: '1536Mi' } });
    assert.equal(container.imagePullPolicy, 'Always');
  });

  test('a Job gets its controller labels and selector; a CronJob its policies', () => {
    const job: Json = server.apply({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1' }] } } } });
    const uid = job.metadata.uid;
    assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.equal(job.spec.template.metadata.labels['job-name'], 'once');
    assert.equal(job.spec.backoffLimit, 6);
    assert.equal(job.spec.completions, 1);
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.completionMode, 'NonIndexed');
    const cron: Json = server.apply({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1' }] } } } } } });
    assert.equal(cron.spec.concurrencyPolicy, 'Allow');
    assert.equal(cron.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cron.spec.failedJobsHistoryLimit, 1);
    assert.equal(cron.spec.suspend, false);
    assert.equal(cron.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  });

  test('a DaemonSet gets its rolling update strategy', () => {
    const created: Json = server.apply({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { a: 'd' } }, template: { metadata: { labels: { a: 'd' } }, spec: { containers: [{ name: 'c', image: 'agent:1' }] } } } });
    assert.deepEqual(created.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(created.spec.revisionHistoryLimit, 10);
  });

  test('an aggregated ClusterRole gets the rules of the roles it selects, as the conformance live object shows', () => {
    const config = load('aggr-clusterrole-config.json');
    server.apply(config);
    const label = { 'rbac.example.com/aggregate-to-test': 'true' };
    server.apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a-services', labels: label }, rules: [{ apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list', 'watch'] }] });
    server.apply({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'b-pods', labels: label }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] });
    const aggregated: Json = server.getObject('rbac.authorization.k8s.io/v1', 'ClusterRole', 'test-clusterrole');
    assert.deepEqual(aggregated.rules, load('aggr-clusterrole-live.json').rules);
    server.deleteObject('rbac.authorization.k8s.io/v1', 'ClusterRole', 'b-pods');
    const fewer: Json = server.getObject('rbac.authorization.k8s.io/v1', 'ClusterRole', 'test-clusterrole');
    assert.equal(fewer.rules.length, 1);
  });

  test('empty lists and maps come back absent, or null where Go has no omitempty (rules: [] -> null)', () => {
    const role: Json = server.apply(load('grafana-clusterrole-config.json'));
    assert.equal(role.rules, load('grafana-clusterrole-live.json').rules);
    assert.equal(role.rules, null);
    const configMap: Json = server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', labels: {}, annotations: {} }, data: {} });
    assert.deepEqual([configMap.data, configMap.metadata.labels, configMap.metadata.annotations], [undefined, undefined, undefined]);
    const deployment: Json = server.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'empties' }, spec: { selector: { matchLabels: { a: 'e' } }, template: { metadata: { labels: { a: 'e' } }, spec: { securityContext: {}, containers: [{ name: 'c', image: 'x:1', args: [], env: [], resources: {} }] } } } });
    const container = deployment.spec.template.spec.containers[0];
    assert.equal(container.args, undefined);
    assert.equal(container.env, undefined);
    assert.deepEqual(container.resources, {});
    assert.deepEqual(deployment.spec.template.spec.securityContext, {});
  });

  test('an empty clusterIP asks for one', () => {
    const service: Json = server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'blank-ip' }, spec: { clusterIP: '', ports: [{ port: 80 }] } });
    assert.match(service.spec.clusterIP, /^10\./);
  });

  test('generation moves on spec changes only; managedFields name the manager', () => {
    const base: Json = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'gen', labels: { v: '1' } }, spec: { selector: { matchLabels: { a: 'g' } }, template: { metadata: { labels: { a: 'g' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } } };
    const first: Json = server.apply(base);
    const relabeled: Json = server.apply({ ...base, metadata: { name: 'gen', labels: { v: '2' } } });
    assert.equal(relabeled.metadata.generation, 1);
    const changed: Json = server.apply({ ...base, spec: { ...base.spec, replicas: 4 } });
    assert.equal(changed.metadata.generation, 2);
    assert.equal(changed.status.observedGeneration, 2);
    assert.equal(changed.metadata.uid, first.metadata.uid);
    assert.equal(changed.metadata.creationTimestamp, first.metadata.creationTimestamp);
    const managers = changed.metadata.managedFields.map((m: { manager: string; subresource?: string }) => `${m.manager}${m.subresource ? `/${m.subresource}` : ''}`);
    assert.deepEqual([...managers].sort(), ['kube-controller-manager/status', 'kubediff-test']);
    const helper = changed.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubediff-test');
    assert.ok(helper.fieldsV1['f:spec']['f:replicas']);
  });
});
