// `kubectl apply -k k8s/`, as the README tells users, with the real kubectl
// against the emulated API server (the Prometheus operator's CRDs applied
// first, as a cluster with the operator has them). Then kubediff checks its
// own deployment: in sync as applied, drift after a hand edit.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { createKubectl, type Kubectl } from './kubectl.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The kubediff CLI (through tsx); resolves with its exit code and output. */
function kubediff(kubeconfig: string, ...args: string[]): Promise<{ code: number; stdout: string; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(repo, 'cmd/kubediff.ts'), `--kubeconfig=${kubeconfig}`, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, output: stdout + stderr });
    });
  });
}

describe('kubectl apply -k k8s/', { concurrency: false }, () => {
  let server: ApiServer;
  let kubectl: Kubectl;
  let scratch: string;

  before(async () => {
    server = await startApiServer({});
    kubectl = createKubectl(server.kubeconfigPath);
    scratch = mkdtempSync(join(tmpdir(), 'kubediff-apply-'));
  });

  after(async () => {
    kubectl?.close();
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('the monitoring.coreos.com CRDs apply and are served', async () => {
    await kubectl.ok('apply', '-f', join(repo, 'test/deploy/fixtures/monitoring-crds.yaml'));
    const resources = await kubectl.ok('api-resources', '--api-group=monitoring.coreos.com', '-o', 'name');
    assert.deepEqual(resources.trim().split('\n').sort(), ['prometheusrules.monitoring.coreos.com', 'servicemonitors.monitoring.coreos.com']);
  });

  test('creates every object of the kustomization', async () => {
    const output = await kubectl.ok('apply', '-k', join(repo, 'k8s'));
    for (const created of [
      'namespace/kubediff created',
      'serviceaccount/kubediff created',
      'clusterrole.rbac.authorization.k8s.io/kubediff-read created',
      'clusterrolebinding.rbac.authorization.k8s.io/kubediff-read created',
      'service/kubediff created',
      'deployment.apps/kubediff created',
      'servicemonitor.monitoring.coreos.com/kubediff created',
      'prometheusrule.monitoring.coreos.com/kubediff created',
    ]) {
      assert.ok(output.includes(created), `${created} in:\n${output}`);
    }
  });

  test('the live objects are in the kubediff namespace, with the image kustomize sets', async () => {
    const deployment = JSON.parse(await kubectl.ok('get', 'deployment', 'kubediff', '-n', 'kubediff', '-o', 'json')) as {
      spec: { template: { spec: { serviceAccountName: string; containers: { name: string; image: string }[] } } };
    };
    const containers = deployment.spec.template.spec.containers;
    assert.deepEqual(containers.map((container) => container.name), ['git-sync', 'kubediff']);
    assert.equal(containers[1]?.image, 'registry.example.com/kubediff:0.1.0');
    assert.equal(deployment.spec.template.spec.serviceAccountName, 'kubediff');
    const rules = JSON.parse(await kubectl.ok('get', 'prometheusrule', 'kubediff', '-n', 'kubediff', '-o', 'json')) as {
      spec: { groups: { rules: { alert: string }[] }[] };
    };
    assert.ok(rules.spec.groups[0]?.rules.some((rule) => rule.alert === 'KubediffDrift'));
    const binding = await kubectl.ok('get', 'clusterrolebinding', 'kubediff-read', '-o', 'jsonpath={.subjects[0].namespace}/{.subjects[0].name}');
    assert.equal(binding, 'kubediff/kubediff');
  });

  test('applying again changes nothing', async () => {
    const output = await kubectl.ok('apply', '-k', join(repo, 'k8s'));
    const lines = output.trim().split('\n');
    assert.equal(lines.length, 8, output);
    for (const line of lines) assert.match(line, / unchanged$/);
  });

  test('kubediff finds its own deployment in sync, and reports a hand edit of it', async () => {
    // What `kubectl apply -k` applied, as one manifest file (kubediff skips kustomization.yaml itself).
    const rendered = join(scratch, 'kubediff.yaml');
    writeFileSync(rendered, await kubectl.ok('kustomize', join(repo, 'k8s')));
    const inSync = await kubediff(server.kubeconfigPath, '-o', 'json', rendered);
    assert.equal(inSync.code, 0, inSync.output);
    const { totals } = JSON.parse(inSync.stdout) as { totals: { objects: number; inSync: number } };
    assert.deepEqual([totals.objects, totals.inSync], [8, 8]);

    await kubectl.ok('-n', 'kubediff', 'patch', 'deployment', 'kubediff', '--type=json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/1/args/0","value":"-period=10m"}]');
    const drifted = await kubediff(server.kubeconfigPath, rendered);
    assert.equal(drifted.code, 2, drifted.output);
    assert.match(drifted.output, /\.spec\.template\.spec\.containers\[name=kubediff\]\.args\[0\]/);
  });
});
