// The alerting path end to end, with real parts: manifests applied with
// kubectl to the emulated API server and then drifted; prom-run running the
// built-in checker on them, served only over TLS to authenticated scrapers
// (--web.config.file with a certificate made by openssl and a password hashed
// by htpasswd -B); a real Prometheus scraping it as job="kubediff" through TLS
// and basic auth, in OpenMetrics, with our rules (their `for` shortened). The
// drift alert fires; once the drift is fixed with kubectl, the next check
// exports 0 and it resolves. The same target scraped with a wrong password or
// over plain HTTP is down.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { htpasswd, makePki, type Pki } from '../support/pki.js';
import { startPromRun, type PromRunProcess } from '../support/prom-run.js';
import { createKubectl, type Kubectl } from './kubectl.js';
import { poll } from './processes.js';
import { startPrometheus, type Alert, type Prometheus, type Target } from './prometheus.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: default
data:
  greeting: hello
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** Our rules file with every `for` shortened, so that a test sees alerts fire in seconds. */
function shortenedRules(forDuration: string): string {
  const rules = parse(readFileSync(join(repo, 'k8s/rules/kubediff.rules.yaml'), 'utf8')) as { groups: { rules: { for?: string }[] }[] };
  for (const rule of rules.groups.flatMap((group) => group.rules)) rule.for = forDuration;
  return stringify(rules);
}

const named = (alerts: Alert[], name: string): Alert | undefined => alerts.find((alert) => alert.labels.alertname === name);

describe('the drift alert with a real Prometheus', { concurrency: false }, () => {
  let cluster: ApiServer;
  let kubectl: Kubectl;
  let promRun: PromRunProcess;
  let prometheus: Prometheus;
  let manifests: string;
  let pki: Pki;
  const password = 'scrape-password-e2e';

  before(async () => {
    manifests = mkdtempSync(join(tmpdir(), 'kubediff-e2e-manifests-'));
    writeFileSync(join(manifests, 'web.yaml'), MANIFESTS);
    pki = makePki();
    writeFileSync(join(pki.dir, 'web-config.yml'), [
      'tls_server_config:',
      `  cert_file: ${pki.serverCert}`,
      `  key_file: ${pki.serverKey}`,
      'basic_auth_users:',
      `  prometheus: ${htpasswd('prometheus', password, 10)}`,
      '',
    ].join('\n'));
    cluster = await startApiServer({});
    kubectl = createKubectl(cluster.kubeconfigPath);
    await kubectl.ok('apply', '-f', manifests);
    // Someone scales by hand: the cluster no longer matches git.
    await kubectl.ok('scale', 'deployment/web', '--replicas=3');
    promRun = await startPromRun([`--web.config.file=${join(pki.dir, 'web-config.yml')}`, '-period=2s', 'kubediff', `--kubeconfig=${cluster.kubeconfigPath}`, manifests]);
    const target = new URL(promRun.url).host;
    prometheus = await startPrometheus({
      target,
      rules: shortenedRules('2s'),
      scrape: { scheme: 'https', caFile: pki.caCert, basicAuth: { username: 'prometheus', password } },
      extraJobs: [
        { job: 'wrong-password', target, scheme: 'https', caFile: pki.caCert, basicAuth: { username: 'prometheus', password: 'guess' } },
        { job: 'plain-http', target, scheme: 'http', basicAuth: { username: 'prometheus', password } },
      ],
    });
  }, { timeout: 120_000 });

  after(async () => {
    await prometheus?.stop();
    await promRun?.stop();
    kubectl?.close();
    await cluster?.close();
    rmSync(manifests, { recursive: true, force: true });
    pki?.remove();
  });

  test('Prometheus scrapes through TLS and basic auth, in OpenMetrics; a wrong password and plain HTTP are refused', async () => {
    // The first scrape with the right password waits for one bcrypt comparison (cost 10, pure JavaScript),
    // which a loaded machine can stretch past this Prometheus's 1 s scrape timeout; later ones are cached.
    let last: Map<string | undefined, Target> = new Map();
    const byJob = await poll(60_000, 200, async () => {
      last = new Map((await prometheus.targets()).map((target) => [target.labels.job, target]));
      const settled = last.get('kubediff')?.health === 'up' && last.get('wrong-password')?.health === 'down' && last.get('plain-http')?.health === 'down';
      return settled ? last : undefined;
    }, () => `the targets did not settle within 60 s: ${JSON.stringify([...last.values()].map(({ labels, health, lastError }) => ({ job: labels.job, health, lastError })))}`);
    assert.match(byJob.get('kubediff')?.scrapeUrl ?? '', /^https:/);
    assert.match(byJob.get('wrong-password')?.lastError ?? '', /401 Unauthorized/);
    // Prometheus asked for OpenMetrics and read it: the counter's family is named without _total there.
    assert.deepEqual((await prometheus.metadata('promrun_command_exits')).map((entry) => entry.type), ['counter']);
    const [exits] = await prometheus.query('sum(promrun_command_exits_total{job="kubediff"})');
    assert.ok(Number(exits?.value[1]) >= 1, 'the promrun_* family is scraped');
  });

  test('KubediffDrift fires for exit code 2, and KubediffCheckFailing stays quiet', async (t) => {
    const started = Date.now();
    const drift = await poll(60_000, 200, async () => {
      const alert = named(await prometheus.alerts(), 'KubediffDrift');
      return alert?.state === 'firing' ? alert : undefined;
    }, () => `KubediffDrift did not fire within 60 s; prom-run's log:\n${promRun.logs().map((line) => JSON.stringify(line)).join('\n')}`);
    t.diagnostic(`KubediffDrift firing ${((Date.now() - started) / 1000).toFixed(1)} s after Prometheus was ready`);
    assert.equal(drift.labels.job, 'kubediff');
    assert.equal(drift.labels.severity, 'warning');
    assert.equal(drift.annotations.summary, 'The cluster differs from git.');
    assert.match(drift.annotations.description ?? '', /kubectl -n kubediff port-forward deploy\/kubediff 9152, then open http:\/\/localhost:9152\//);
    assert.equal(named(await prometheus.alerts(), 'KubediffCheckFailing'), undefined, 'drift is not a failing check');
    const [exitCode] = await prometheus.query('command_exit_code{job="kubediff"}');
    assert.equal(exitCode?.value[1], '2');
    // KubediffCheckStale divides the age of the last check by the target's own period: on the scraped
    // series (job and instance labels), the two match one to one, and the period is prom-run's -period=2s.
    const [period] = await prometheus.query('command_period_seconds{job="kubediff"}');
    assert.equal(period?.value[1], '2');
    const ages = await prometheus.query('(time() - command_last_run_timestamp_seconds{job="kubediff"}) / command_period_seconds{job="kubediff"}');
    assert.deepEqual(ages.map(({ metric }) => metric), [{ job: 'kubediff', instance: new URL(promRun.url).host }]);
    assert.ok(Number.isFinite(Number(ages[0]?.value[1])), `age in periods: ${ages[0]?.value[1]}`);
    // What the description points at: the object that drifted, by name.
    const objects = await prometheus.query('kubediff_object_out_of_sync{job="kubediff"}');
    assert.deepEqual(objects.map(({ metric }) => [metric.object_kind, metric.object_namespace, metric.object_name]), [['Deployment', 'default', 'web']]);
  });

  test('after kubectl apply puts git back, the next check exports 0 and the alert resolves', async (t) => {
    await kubectl.ok('apply', '-f', manifests);
    const fixed = Date.now();
    await poll(60_000, 200, async () => {
      const [exitCode] = await prometheus.query('command_exit_code{job="kubediff"}');
      return exitCode?.value[1] === '0' ? true : undefined;
    }, () => 'command_exit_code{job="kubediff"} did not become 0 within 60 s');
    await poll(30_000, 200, async () => (named(await prometheus.alerts(), 'KubediffDrift') === undefined ? true : undefined),
      () => 'KubediffDrift still active 30 s after the check exported 0');
    t.diagnostic(`KubediffDrift resolved ${((Date.now() - fixed) / 1000).toFixed(1)} s after kubectl apply`);
    // KubediffCheckStale is left out: with -period=2s its threshold is 6 s, which a check on a loaded
    // 2-core machine can overrun; its behaviour is covered by the promtool unit tests.
    const others = (await prometheus.alerts()).map((alert) => alert.labels.alertname).filter((name) => name !== 'KubediffCheckStale');
    assert.deepEqual(others, []);
  });
});
