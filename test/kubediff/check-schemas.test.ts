// Schema-aware comparison end to end: real CRDs (Kueue, cert-manager,
// prometheus-operator) and manifests applied with the real kubectl to the
// emulated server, which publishes OpenAPI v3 as kube-apiserver does and
// prunes and defaults custom resources; then live changes as operators,
// injectors and people make them; then the checker, in-process and as the
// sidecar's task that keeps schemas between runs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCheck } from '../../src/kubediff/check.js';
import type { CheckReport, ObjectResult, RequestCount } from '../../src/kubediff/result.js';
import { silentLogger } from '../../src/log/logger.js';
import { createKubediffTask } from '../../src/runner/kubediff-task.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from '../apiserver/http.js';
import { createKubectl, type Kubectl } from '../apiserver/kubectl.js';
import { makeTempDir, type TempDir } from './helpers/temp.js';

const CRDS = fileURLToPath(new URL('../fixtures/crds/', import.meta.url));
const INJECTED_CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBinjected\n-----END CERTIFICATE-----\n').toString('base64');

const QUEUE = `apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata:
  name: team-a
spec:
  namespaceSelector: {}
  queueingStrategy: BestEffortFIFO
  resourceGroups:
  - coveredResources: [cpu, memory]
    flavors:
    - name: default
      resources:
      - name: cpu
        nominalQuota: 2000m
      - name: memory
        nominalQuota: 4Gi
    - name: spot
      resources:
      - name: cpu
        nominalQuota: "8"
      - name: memory
        nominalQuota: 16Gi
`;

// issuerRef takes name, kind and group; an apiVersion there is a common slip the server drops.
const CERTIFICATE = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: default
spec:
  secretName: web-tls
  dnsNames: [web.example.com]
  issuerRef:
    apiVersion: cert-manager.io/v1
    kind: ClusterIssuer
    name: letsencrypt
`;

const MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels: {app: web}
  endpoints:
  - targetPort: 8080
    interval: 30s
    relabelings:
    - sourceLabels: [__meta_kubernetes_pod_name]
      targetLabel: pod
`;

const WEBHOOK = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: policy
webhooks:
- name: check.policy.example.com
  admissionReviewVersions: [v1]
  sideEffects: None
  clientConfig:
    caBundle: Cg==
    service: {name: policy, namespace: default, path: /validate}
  rules:
  - apiGroups: [""]
    apiVersions: [v1]
    operations: [CREATE]
    resources: [pods]
`;

function byName(report: CheckReport, kind: string): ObjectResult {
  const result = report.objects.find((o) => o.ref.kind === kind);
  assert.ok(result, `no ${kind} in the report`);
  return result;
}

function openapiRequests(requests: readonly RequestCount[]): number {
  return requests.filter((r) => r.verb === 'openapi').reduce((n, r) => n + r.count, 0);
}

function suppressedAs(result: ObjectResult): string[] {
  return result.suppressed.map((s) => `${s.path} ${s.rule}`).sort();
}

describe('schema-aware comparison through real kubectl', () => {
  let server: ApiServer;
  let kubectl: Kubectl;
  let dir: TempDir;
  let manifests: string;

  const ok = async (args: string[], input?: string): Promise<string> => {
    const result = await kubectl.run(args, input === undefined ? {} : { input });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout + result.stderr;
  };
  const check = (): Promise<CheckReport> =>
    runCheck({ paths: [manifests], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path }, { logger: silentLogger });
  /** A JSON patch as a controller sends it (its own field manager), not as a person would. */
  const controllerPatch = async (path: string, manager: string, patch: unknown[]): Promise<void> => {
    const result = await call(server, 'PATCH', `${path}?fieldManager=${manager}`, { body: patch, contentType: 'application/json-patch+json' });
    assert.equal(result.status, 200, JSON.stringify(result.body));
  };

  before(async () => {
    server = await startApiServer();
    kubectl = await createKubectl(server.kubeconfigPath);
    dir = await makeTempDir();
    await dir.write({ 'git/queue.yaml': QUEUE, 'git/certificate.yaml': CERTIFICATE, 'git/monitor.yaml': MONITOR, 'git/webhook.yaml': WEBHOOK });
    manifests = join(dir.path, 'git');
    for (const crd of ['kueue.x-k8s.io_clusterqueues.yaml', 'cert-manager.io_certificates.yaml', 'monitoring.coreos.com_servicemonitors.yaml']) {
      await ok(['apply', '-f', join(CRDS, crd)]);
    }
    // As Helm and Flux write (field validation Warn): the server drops what the schema does not declare, and says so.
    const applied = await ok(['apply', '--validate=warn', '-f', manifests]);
    assert.match(applied, /Warning: unknown field "spec.issuerRef.apiVersion"/);
    // The injector fills in the webhook's CA; Kueue's controller writes quantities in canonical form and orders flavors its way.
    await controllerPatch('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/policy', 'cainjector', [
      { op: 'replace', path: '/webhooks/0/clientConfig/caBundle', value: INJECTED_CA },
    ]);
    const queue = server.getObject('kueue.x-k8s.io/v1beta2', 'ClusterQueue', 'team-a') as { spec: { resourceGroups: Array<{ flavors: unknown[] }> } };
    const [first, second] = queue.spec.resourceGroups[0]?.flavors ?? [];
    await controllerPatch('/apis/kueue.x-k8s.io/v1beta2/clusterqueues/team-a', 'kueue-manager', [
      { op: 'replace', path: '/spec/resourceGroups/0/flavors', value: [second, first] },
      { op: 'replace', path: '/spec/resourceGroups/0/flavors/1/resources/0/nominalQuota', value: '2' },
    ]);
  });
  after(async () => {
    await kubectl.cleanup();
    await server.close();
    await dir.remove();
  });
  beforeEach(() => server.faults.clear());

  test('quantities, reordered map lists, pruned fields, defaults and an injected CA: all in sync, each rule recorded', async () => {
    const report = await check();
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.objects.map((o) => `${o.ref.kind} ${o.state}`).sort(), [
      'Certificate in-sync',
      'ClusterQueue in-sync',
      'ServiceMonitor in-sync',
      'ValidatingWebhookConfiguration in-sync',
    ]);
    assert.deepEqual(suppressedAs(byName(report, 'ClusterQueue')), ['.spec.resourceGroups[0].flavors[name=default].resources[name=cpu].nominalQuota quantity']);
    assert.deepEqual(suppressedAs(byName(report, 'Certificate')), ['.spec.issuerRef.apiVersion pruned']);
    assert.deepEqual(suppressedAs(byName(report, 'ValidatingWebhookConfiguration')), ['.webhooks[name=check.policy.example.com].clientConfig.caBundle ca-bundle']);
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.schemas, { state: 'used', groupVersions: 4, fetched: 4, cached: 0, missing: [] });
    assert.equal(openapiRequests(report.requests), 5, 'the index and the four group-versions git uses, no more');
  });

  test('a change inside a map-list item is drift, reported at its keys', async () => {
    await ok(['patch', 'clusterqueue', 'team-a', '--type=json', '-p', '[{"op":"replace","path":"/spec/resourceGroups/0/flavors/0/resources/1/nominalQuota","value":"32Gi"}]']);
    try {
      const report = await check();
      const queue = byName(report, 'ClusterQueue');
      assert.equal(queue.state, 'drifted');
      // managedFields name kubectl patch as the one who changed it.
      assert.deepEqual(queue.differences.map(({ changedBy, ...d }) => ({ ...d, by: changedBy?.manager })), [
        { path: '.spec.resourceGroups[0].flavors[name=spot].resources[name=memory].nominalQuota', kind: 'changed', want: '16Gi', have: '32Gi', by: 'kubectl-patch' },
      ]);
      assert.equal(report.exitCode, 2);
    } finally {
      await ok(['patch', 'clusterqueue', 'team-a', '--type=json', '-p', '[{"op":"replace","path":"/spec/resourceGroups/0/flavors/0/resources/1/nominalQuota","value":"16Gi"}]']);
    }
  });

  test('git\'s schema default against a live object without the field is not drift (rule schema-default)', async () => {
    // Stored as given, as an API server that does not apply this default would return it
    // (the emulated server, like kube-apiserver, fills defaults in on every write).
    const live = server.getObject('kueue.x-k8s.io/v1beta2', 'ClusterQueue', 'team-a') as { spec: Record<string, unknown> };
    const { queueingStrategy: _dropped, ...spec } = live.spec;
    server.seedObjects([{ ...live, spec }]);
    const report = await check();
    const queue = byName(report, 'ClusterQueue');
    assert.equal(queue.state, 'in-sync');
    assert.ok(suppressedAs(queue).includes('.spec.queueingStrategy schema-default'));
  });

  test('the sidecar\'s second run reads only the index: the documents come from its cache', async () => {
    const task = createKubediffTask({ command: ['kubediff', '--kubeconfig', server.kubeconfigPath, manifests], maxOutputBytes: 1 << 20, env: {}, homeDir: dir.path, logger: silentLogger });
    const first = await task.run({ signal: new AbortController().signal });
    const second = await task.run({ signal: new AbortController().signal });
    assert.equal(openapiRequests(first.check?.requests ?? []), 5);
    assert.deepEqual(first.check?.schemas, { state: 'used', groupVersions: 4, fetched: 4, cached: 0, missing: [] });
    assert.equal(openapiRequests(second.check?.requests ?? []), 1);
    assert.deepEqual(second.check?.schemas, { state: 'used', groupVersions: 4, fetched: 0, cached: 4, missing: [] });
    assert.equal(second.check?.exitCode, 0);
    const logged = server.requestLog.entries.filter((e) => e.userAgent === 'kubediff' && e.path.startsWith('/openapi/v3/'));
    assert.equal(new Set(logged.map((e) => e.path)).size, 4, 'only the group-versions git uses are ever read');
  });

  test('a 403 on /openapi/v3: one notice, today\'s rules, no error for the objects', async () => {
    server.faults.forbid({ path: '/openapi/v3' });
    const report = await check();
    assert.deepEqual(report.errors, []);
    assert.equal(report.notices.filter((n) => /OpenAPI v3|openapi\/v3/.test(n)).length, 1);
    assert.match(report.notices.join('\n'), /HTTP 403.*built-in rules/);
    assert.equal(report.schemas?.state, 'unavailable');
    assert.ok(report.objects.every((o) => o.state !== 'error'));
    // Without schemas a custom resource's 2000m and 2 are different strings again.
    assert.equal(byName(report, 'ClusterQueue').state, 'drifted');
  });

  test('the CRD files are the real ones (not stand-ins)', async () => {
    const text = await readFile(join(CRDS, 'kueue.x-k8s.io_clusterqueues.yaml'), 'utf8');
    assert.match(text, /controller-gen\.kubebuilder\.io\/version/);
  });
});
