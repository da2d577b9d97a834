// runCheck in-process against the emulated API server over real HTTP.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runCheck, type CheckOptions } from '../../src/kubediff/check.js';
import { silentLogger } from '../../src/log/logger.js';
import { renderDiff, renderJson, renderLegacyJson, renderText } from '../../src/kubediff/output/index.js';
import type { CheckReport, ObjectResult } from '../../src/kubediff/result.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { makeTempDir, type TempDir } from './helpers/temp.js';

const configMap = (name: string, data: Record<string, string>, namespace?: string) => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data,
});
const deployment = (name: string, replicas: number, image = 'nginx:1.25') => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name, namespace: 'apps' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});
const yaml = (...objects: object[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

function byName(report: CheckReport, name: string): ObjectResult {
  const result = report.objects.find((o) => o.ref.name === name);
  assert.ok(result, `no result for ${name} in ${JSON.stringify(report.objects.map((o) => o.ref.name))}`);
  return result;
}

describe('runCheck against the emulated API server', () => {
  let server: ApiServer;
  let dir: TempDir;
  let options: CheckOptions;

  before(async () => {
    server = await startApiServer();
    dir = await makeTempDir();
  });
  after(async () => {
    await server.close();
    await dir.remove();
  });
  beforeEach(() => {
    server.faults.clear();
    options = { paths: [], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path };
  });

  async function check(name: string, files: Record<string, string>, extra: Partial<CheckOptions> = {}): Promise<CheckReport> {
    const root = join(dir.path, name);
    const tree = await makeTempDirAt(root, files);
    return runCheck({ ...options, paths: [tree], ...extra }, { logger: silentLogger });
  }

  async function makeTempDirAt(root: string, files: Record<string, string>): Promise<string> {
    const prefixed = Object.fromEntries(Object.entries(files).map(([file, text]) => [join(root.slice(dir.path.length + 1), file), text]));
    await dir.write(prefixed);
    return root;
  }

  test('in sync: exit 0, every object in sync, context and server named, requests counted', async () => {
    server.apply(configMap('settings', { a: '1' }, 'apps'));
    server.apply(deployment('web', 2));
    const report = await check('in-sync', { 'all.yaml': yaml(configMap('settings', { a: '1' }, 'apps'), deployment('web', 2)) });
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.objects.map((o) => [o.ref.name, o.state]), [['settings', 'in-sync'], ['web', 'in-sync']]);
    assert.equal(report.exitCode, 0);
    assert.equal(report.server, server.url);
    assert.equal(report.context, 'kubediff-test');
    assert.ok(report.requests.some((r) => r.verb === 'discovery'));
    assert.equal(report.totals.inSync, 2);
  });

  test('drift and missing objects: exit 2, differences at readable paths, a diff for each', async () => {
    server.apply(deployment('drifting', 3, 'nginx:1.24'));
    const report = await check('drift', { 'd.yaml': yaml(deployment('drifting', 3, 'nginx:1.25'), configMap('absent', { k: 'v' }, 'apps')) });
    const drifted = byName(report, 'drifting');
    assert.equal(drifted.state, 'drifted');
    // The test helper writes as manager kubediff-test, named as the one who changed the live value.
    assert.deepEqual(drifted.differences.map(({ changedBy, ...d }) => ({ ...d, by: changedBy?.manager })), [
      { path: '.spec.template.spec.containers[name=app].image', kind: 'changed', want: 'nginx:1.25', have: 'nginx:1.24', by: 'kubediff-test' },
    ]);
    assert.match(drifted.diff ?? '', /\+ +image: nginx:1\.25/);
    const missing = byName(report, 'absent');
    assert.equal(missing.state, 'missing');
    assert.match(missing.diff ?? '', /\+kind: ConfigMap/);
    assert.equal(report.exitCode, 2);
    assert.deepEqual([report.totals.drifted, report.totals.missing, report.totals.differences], [1, 1, 1]);
  });

  test('namespace: the manifest\'s own, else --namespace, else the context\'s; none for cluster-scoped kinds', async () => {
    server.apply(configMap('own', {}, 'apps'));
    server.apply(configMap('flagged', {}, 'team-a'));
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', namespace: 'ignored' }, rules: [] };
    server.apply({ ...role, metadata: { name: 'reader' } });
    const report = await check('namespaces', { 'a.yaml': yaml(configMap('own', {}, 'apps'), configMap('flagged', {}), role) }, { namespace: 'team-a' });
    assert.deepEqual(report.objects.map((o) => [o.ref.name, o.ref.namespace, o.state]), [
      ['own', 'apps', 'in-sync'], ['flagged', 'team-a', 'in-sync'], ['reader', undefined, 'in-sync'],
    ]);

    const kubeconfig = join(dir.path, 'kubeconfig-ns');
    await server.writeKubeconfig(kubeconfig, { namespace: 'team-a' });
    const fromContext = await check('namespaces-context', { 'a.yaml': yaml(configMap('flagged', {})) }, { kubeconfig });
    assert.equal(byName(fromContext, 'flagged').ref.namespace, 'team-a');
    const fallback = await check('namespaces-default', { 'a.yaml': yaml(configMap('flagged', {})) });
    assert.equal(byName(fallback, 'flagged').ref.namespace, 'default');
    assert.equal(byName(fallback, 'flagged').state, 'missing');
  });

  test('an unserved kind is an error for that object, never drift; the rest is checked', async () => {
    server.apply(configMap('fine', { a: '1' }, 'apps'));
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' } };
    const report = await check('unserved', { 'w.yaml': yaml(widget, configMap('fine', { a: '1' }, 'apps')) });
    const result = byName(report, 'w');
    assert.equal(result.state, 'error');
    assert.equal(result.error?.kind, 'unserved');
    assert.match(result.error?.message ?? '', /^no kind Widget in group\/version example\.com\/v1 is served: install its CustomResourceDefinition .*kubectl api-resources/);
    assert.equal(byName(report, 'fine').state, 'in-sync');
    assert.equal(report.exitCode, 1);
  });

  test('a 403 on one kind is an error for its objects; the other kinds are checked', async () => {
    server.apply(configMap('visible', { a: '1' }, 'apps'));
    server.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hidden', namespace: 'apps' }, data: { k: 'dg==' } });
    server.faults.forbid({ resource: 'secrets' });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hidden', namespace: 'apps' }, data: { k: 'dg==' } };
    const report = await check('forbidden', { 'a.yaml': yaml(secret, configMap('visible', { a: '1' }, 'apps')) });
    assert.equal(byName(report, 'hidden').state, 'error');
    assert.equal(byName(report, 'hidden').error?.kind, 'forbidden');
    assert.equal(byName(report, 'hidden').error?.status, 403);
    assert.equal(byName(report, 'visible').state, 'in-sync');
    assert.equal(report.exitCode, 1);
  });

  test('drift never hides an error: drift and an error exit 1', async () => {
    server.apply(configMap('changed', { a: 'live' }, 'apps'));
    const report = await check('both', { 'a.yaml': yaml(configMap('changed', { a: 'git' }, 'apps')), 'b.yaml': 'kind: ConfigMap\n' });
    assert.equal(byName(report, 'changed').state, 'drifted');
    assert.equal(report.errors.length, 1);
    assert.equal(report.exitCode, 1);
  });

  test('a 429 storm and dropped connections are retried until they pass', async () => {
    server.apply(configMap('retried', { a: '1' }, 'apps'));
    server.faults.failNext({ status: 429, retryAfterSeconds: 0, count: 3, resource: 'configmaps' });
    server.faults.failNext({ drop: true, count: 2, resource: 'configmaps' });
    const report = await check('retries', { 'a.yaml': yaml(configMap('retried', { a: '1' }, 'apps')) });
    assert.deepEqual(report.errors, []);
    assert.equal(byName(report, 'retried').state, 'in-sync');
    assert.ok(report.requests.some((r) => r.result === '429'), JSON.stringify(report.requests));
  });

  test('broken manifests are errors naming file and document; good documents are still checked', async () => {
    server.apply(configMap('good', { a: '1' }, 'apps'));
    const root = await makeTempDirAt(join(dir.path, 'broken'), {
      'a.yaml': `${yaml(configMap('good', { a: '1' }, 'apps'))}\n---\nkind: [broken\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n`,
    });
    const report = await runCheck({ ...options, paths: [root] }, { logger: silentLogger });
    assert.equal(byName(report, 'good').state, 'in-sync');
    assert.deepEqual(report.errors.map((e) => [e.kind, e.file, e.document]), [
      ['manifest', join(root, 'a.yaml'), 1],
      ['manifest', join(root, 'a.yaml'), 2],
    ]);
    assert.equal(report.exitCode, 1);
  });

  test('the same object defined twice is an error naming both places; it is checked once', async () => {
    server.apply(configMap('twice', { a: '1' }, 'apps'));
    const report = await check('duplicates', {
      'one.yaml': yaml(configMap('twice', { a: '1' }, 'apps')),
      'two.yaml': yaml({ ...configMap('twice', { a: '2' }), metadata: { name: 'twice', namespace: 'apps' } }),
    });
    assert.equal(report.objects.length, 1);
    assert.equal(report.errors.length, 1);
    assert.match(report.errors[0]?.message ?? '', /defined twice: at .*one\.yaml \(document 1, line 1\) and at .*two\.yaml \(document 1, line 1\)/);
    assert.equal(report.exitCode, 1);
  });

  test('HorizontalPodAutoscalers are listed only when a manifest sets replicas, and suppress them', async () => {
    server.apply(deployment('scaled', 7));
    server.apply({
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'scaled', namespace: 'apps' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'scaled' }, minReplicas: 1, maxReplicas: 9 },
    });
    const before = server.requestLog.count({ resource: 'horizontalpodautoscalers' });
    const withReplicas = await check('hpa', { 'd.yaml': yaml(deployment('scaled', 2)) });
    assert.equal(byName(withReplicas, 'scaled').state, 'in-sync');
    assert.deepEqual(byName(withReplicas, 'scaled').suppressed.map((d) => [d.path, d.rule]), [['.spec.replicas', 'hpa-replicas']]);
    const middle = server.requestLog.count({ resource: 'horizontalpodautoscalers' });
    assert.ok(middle > before, 'the autoscalers were listed');
    await check('no-hpa', { 'c.yaml': yaml(configMap('settings', { a: '1' }, 'apps')) });
    assert.equal(server.requestLog.count({ resource: 'horizontalpodautoscalers' }), middle, 'no manifest sets replicas: no request');
  });

  test('an unreachable server is one clear error, exit 1, and never drift', async () => {
    const gone = await startApiServer();
    const kubeconfig = join(dir.path, 'kubeconfig-gone');
    await gone.writeKubeconfig(kubeconfig);
    await gone.close();
    const report = await check('unreachable', { 'a.yaml': yaml(configMap('x', {}, 'apps')) }, { kubeconfig });
    assert.equal(report.exitCode, 1);
    assert.equal(report.totals.drifted + report.totals.missing, 0);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0]?.kind, 'cluster');
    assert.match(report.errors[0]?.message ?? '', /127\.0\.0\.1/);
  });

  test('a kubeconfig that does not exist is an error in the report, not an exception', async () => {
    const report = await check('no-kubeconfig', { 'a.yaml': yaml(configMap('x', {}, 'apps')) }, { kubeconfig: join(dir.path, 'nope') });
    assert.equal(report.exitCode, 1);
    assert.equal(report.errors[0]?.kind, 'cluster');
    assert.match(report.errors[0]?.message ?? '', /nope/);
  });

  test('an aborted run is an `aborted` error, exit 1', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run timed out after 10m'));
    const report = await check('aborted', { 'a.yaml': yaml(configMap('x', {}, 'apps')) }, { signal: controller.signal });
    assert.equal(report.exitCode, 1);
    assert.deepEqual(report.errors.map((e) => e.kind), ['aborted']);
    assert.match(report.errors[0]?.message ?? '', /run timed out after 10m/);
  });

  test('Secret values never appear in any output: missing, drifted, in sync', async () => {
    const values = ['missing-secret-value-123', 'git-side-value-456', 'live-side-value-789'];
    server.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'drifting', namespace: 'apps' }, data: { k: Buffer.from(values[2]!).toString('base64') } });
    const secret = (name: string, value: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'apps' }, stringData: { k: value } });
    const report = await check('secrets', { 's.yaml': yaml(secret('absent', values[0]!), secret('drifting', values[1]!)) });
    assert.deepEqual(report.objects.map((o) => o.state), ['missing', 'drifted']);
    const outputs = [renderText(report), renderJson(report), renderLegacyJson(report), renderDiff(report)].join('\n');
    for (const value of values) {
      assert.ok(!outputs.includes(value), `${value} leaked`);
      assert.ok(!outputs.includes(Buffer.from(value).toString('base64')), `${value} leaked in base64`);
    }
  });

  test('a folder without manifests is never green: exit 1 saying why, and the cluster is asked all the same', async () => {
    const requests = server.requestLog.count();
    const report = await check('empty', { 'README.md': 'no manifests here' });
    assert.equal(report.exitCode, 1);
    assert.deepEqual(report.objects, []);
    assert.deepEqual(report.errors.map((e) => [e.kind, e.message.replace(/ in \S+:/, ' in <dir>:')]), [
      ['manifest', 'nothing to check: found no objects in <dir>: no manifest files (.yaml, .yml, .json), kustomizations or streams there'],
    ]);
    assert.ok(server.requestLog.count() > requests, 'discovery was asked, so an unreachable cluster would be an error');
  });

  test('a run cancelled while a request hangs ends promptly as `aborted`, exit 1', async () => {
    server.apply(configMap('slow', { a: '1' }, 'apps'));
    server.faults.failNext({ hang: true, resource: 'configmaps' });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('shutting down')), 300);
    try {
      const report = await check('hang', { 'a.yaml': yaml(configMap('slow', { a: '1' }, 'apps')) }, { signal: controller.signal });
      assert.equal(report.exitCode, 1);
      assert.deepEqual(report.errors.map((e) => e.kind), ['aborted']);
      assert.match(report.errors[0]?.message ?? '', /shutting down/);
      assert.equal(report.totals.drifted + report.totals.missing, 0);
    } finally {
      clearTimeout(timer);
    }
  });

  test('startedAt, finishedAt and durationMs come from the clock given', async () => {
    const times = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:02.5Z')];
    const report = await runCheck({ ...options, paths: [join(dir.path, 'in-sync')] }, { logger: silentLogger, clock: () => times.shift() ?? new Date(0) });
    assert.equal(report.startedAt, '2026-01-01T00:00:00.000Z');
    assert.equal(report.finishedAt, '2026-01-01T00:00:02.500Z');
    assert.equal(report.durationMs, 2500);
  });
});
