// Ignore rules by path, by glob, by label selector and by field manager,
// against the emulated API server: each hidden difference is suppressed with
// `ignore:<name>` and every output says so the same way (exit code, text,
// -j, -o json, -o diff, the page, metrics). A bad file is an error naming the
// file, the rule and the key: exit 1 for the CLI, no start for prom-run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { runCheck, type CheckOptions } from '../../../src/kubediff/check.js';
import { renderDiff, renderJson, renderLegacyJson, renderText } from '../../../src/kubediff/output/index.js';
import type { CheckReport } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createKubediffMetrics } from '../../../src/metrics/kubediff-metrics.js';
import { renderKubediffPage } from '../../../src/web/kubediff/page.js';
import { NO_FILTER } from '../../../src/web/kubediff/filter.js';
import { startApiServer, type ApiServer, type KubeObject } from '../../support/apiserver/index.js';
import { runPromRunToExit } from '../../support/prom-run.js';
import { makePageData } from '../../web/kubediff/report-fixture.js';
import { runKubediff } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const deployment = (name: string, labels: Record<string, string>, replicas: number, image: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', labels },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
});
const configMap = (name: string, data: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', ...(labels ? { labels } : {}) }, data,
});

const GIT = [
  deployment('web-frontend', { app: 'web-frontend' }, 2, 'nginx:1.27'),
  deployment('canary', { app: 'canary', track: 'canary' }, 1, 'nginx:1.27'),
  configMap('mesh', { mode: 'plain' }),
  configMap('labelled', { a: '1' }, { team: 'a', tier: 'web' }),
];
const OTHER = configMap('other', { a: '1' });

const IGNORE = `rules:
- name: keda-scales-web
  match: {kind: Deployment, namespace: shop, name: "web-*"}
  paths: [".spec.replicas"]
- name: canary-images
  match: {labelSelector: "track=canary"}
  paths: [".spec.template.spec.containers[*].image"]
- name: istio-injection
  managers: ["istio-sidecar-injector"]
- name: team-labels
  match: {kind: ConfigMap, name: labelled}
  paths: [".metadata.labels.*"]
`;

describe('the ignore file in every output', () => {
  let server: ApiServer;
  let dir: TempDir;
  let options: CheckOptions;
  let report: CheckReport;

  const edit = (apiVersion: string, kind: string, name: string, manager: string, change: (obj: KubeObject) => void, subresource?: 'scale'): void => {
    const obj = server.getObject(apiVersion, kind, name, 'shop') as KubeObject;
    change(obj);
    server.apply(obj, { manager, ...(subresource ? { subresource } : {}) });
  };

  before(async () => {
    server = await startApiServer();
    dir = await makeTempDir();
    for (const obj of [...GIT, OTHER]) server.apply(obj, { manager: 'kubectl-client-side-apply' });
    edit('apps/v1', 'Deployment', 'web-frontend', 'keda-operator', (d) => ((d.spec as KubeObject).replicas = 6), 'scale');
    edit('apps/v1', 'Deployment', 'canary', 'kubectl-set', (d) => ((((d.spec as KubeObject).template as KubeObject).spec as { containers: KubeObject[] }).containers[0] as KubeObject).image = 'nginx:1.28-canary');
    edit('v1', 'ConfigMap', 'mesh', 'istio-sidecar-injector', (c) => ((c.data as KubeObject).mode = 'mtls'));
    edit('v1', 'ConfigMap', 'labelled', 'kubectl-label', (c) => (((c.metadata as KubeObject).labels as KubeObject).team = 'b'));
    edit('v1', 'ConfigMap', 'other', 'kubectl-edit', (c) => ((c.data as KubeObject).a = '2'));
    await dir.write({
      'git/all.yaml': [...GIT, OTHER].map((o) => JSON.stringify(o)).join('\n---\n'),
      'ignore.yaml': IGNORE,
      'bad.yaml': 'rules:\n- name: keda\n  match: {kind: Deployment}\n  pathz: [".spec.replicas"]\n',
    });
    options = { paths: [join(dir.path, 'git')], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path, ignoreFile: join(dir.path, 'ignore.yaml') };
    report = await runCheck(options, { logger: silentLogger });
  });
  after(async () => {
    await server.close();
    await dir.remove();
  });

  test('each rule hides its difference, kept as suppressed with ignore:<name>; the rest is still drift', () => {
    assert.deepEqual(report.errors, []);
    const byName = Object.fromEntries(report.objects.map((o) => [o.ref.name, o]));
    const hidden = (name: string): string[] => (byName[name]?.suppressed ?? []).map((d) => `${d.path} ${d.rule}`);
    assert.deepEqual(hidden('web-frontend'), ['.spec.replicas ignore:keda-scales-web']);
    assert.deepEqual(hidden('canary'), ['.spec.template.spec.containers[name=app].image ignore:canary-images']);
    assert.deepEqual(hidden('mesh'), ['.data.mode ignore:istio-injection']);
    assert.deepEqual(hidden('labelled'), ['.metadata.labels.team ignore:team-labels']);
    for (const name of ['web-frontend', 'canary', 'mesh', 'labelled']) assert.equal(byName[name]?.state, 'in-sync', name);
    assert.equal(byName.other?.state, 'drifted');
    assert.equal(report.exitCode, 2);
    assert.deepEqual(report.totals.suppressedByRule, { 'ignore:keda-scales-web': 1, 'ignore:canary-images': 1, 'ignore:istio-injection': 1, 'ignore:team-labels': 1 });
  });

  test('text, -j, -o json, -o diff, the page and the metrics say the same', async () => {
    const text = renderText(report);
    assert.match(text, /kubediff: 5 objects \(4 in sync, 1 drifted, 0 missing, 0 failed\); 1 difference, 4 suppressed \(ignore:keda-scales-web 1, ignore:canary-images 1, ignore:istio-injection 1, ignore:team-labels 1\)/);
    assert.ok(!text.includes('## shop/web-frontend'), 'an object whose differences are all hidden is in sync');
    assert.deepEqual(Object.keys(JSON.parse(renderLegacyJson(report)) as Record<string, unknown>).length, 1);
    const json = JSON.parse(renderJson(report)) as CheckReport;
    assert.equal(json.objects.find((o) => o.ref.name === 'mesh')?.suppressed[0]?.rule, 'ignore:istio-injection');
    const diff = renderDiff(report);
    assert.match(diff, /live\/ConfigMap\/shop\/other/);
    assert.ok(!diff.includes('web-frontend') && !diff.includes('canary'), diff);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.match(page, /ignore:keda-scales-web/);
    assert.match(page, /Hidden by the rule &quot;keda-scales-web&quot; of the ignore file/);
    const registry = new Registry();
    createKubediffMetrics({ registry, maxObjectSeries: 10 }).observeReport(report);
    const metrics = await registry.metrics();
    assert.match(metrics, /\nkubediff_suppressed_differences\{rule="ignore:istio-injection"\} 1\n/);
    assert.match(metrics, /\nkubediff_differences 1\n/);
  });

  test('with the remaining drift gone, the exit code is 0: the rules decide it as they decide every output', async () => {
    await dir.write({ 'only-ignored/all.yaml': GIT.map((o) => JSON.stringify(o)).join('\n---\n') });
    const clean = await runCheck({ ...options, paths: [join(dir.path, 'only-ignored')] }, { logger: silentLogger });
    assert.equal(clean.exitCode, 0);
    const without = await runCheck({ ...options, paths: [join(dir.path, 'only-ignored')], ignoreFile: undefined }, { logger: silentLogger });
    assert.equal(without.exitCode, 2);
  });

  test('a bad file: an error of the run naming the file, the rule and the key (exit 1), checked without its rules', async () => {
    const bad = await runCheck({ ...options, ignoreFile: join(dir.path, 'bad.yaml') }, { logger: silentLogger });
    assert.equal(bad.exitCode, 1);
    assert.equal(bad.errors[0]?.kind, 'config');
    assert.equal(bad.errors[0]?.file, join(dir.path, 'bad.yaml'));
    assert.match(bad.errors[0]?.message ?? '', /bad\.yaml, rule "keda" key "pathz": unknown key/);
    assert.equal(bad.totals.drifted, 5);
    const missing = await runCheck({ ...options, ignoreFile: join(dir.path, 'absent.yaml') }, { logger: silentLogger });
    assert.match(missing.errors[0]?.message ?? '', /absent\.yaml does not exist/);
  });

  test('the CLI exits 1 with the error; prom-run refuses to start, naming the flag, the file, the rule and the key', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: dir.path, KUBECONFIG: server.kubeconfigPath };
    const cli = await runKubediff(['--ignore-file', join(dir.path, 'bad.yaml'), join(dir.path, 'git')], env);
    assert.equal(cli.exitCode, 1, cli.stdout + cli.stderr);
    assert.match(cli.stdout, /^error: ignore file .*bad\.yaml, rule "keda" key "pathz": unknown key/m);
    const promRun = await runPromRunToExit(['--listen-addr=127.0.0.1:0', 'kubediff', `--ignore-file=${join(dir.path, 'bad.yaml')}`, join(dir.path, 'git')], { env });
    assert.equal(promRun.code, 2, promRun.stderr);
    assert.match(promRun.stderr, /ignore file .*bad\.yaml, rule "keda" key "pathz": unknown key/);
  });
});
