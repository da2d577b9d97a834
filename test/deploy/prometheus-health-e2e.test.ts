// The rollout alert end to end, with real parts: a Deployment applied with
// kubectl to the emulated API server (its controllers create ReplicaSets and
// pods, as real ones do), then updated to an image whose pods crash-loop, so
// the rollout stalls; prom-run runs the built-in checker with --pods; a real
// Prometheus scrapes it with our rules (their `for` shortened).
// KubediffRolloutStuck fires for that Deployment, the restarts are counted,
// and command_exit_code stays 0: health never changes it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { startPromRun, type PromRunProcess } from '../support/prom-run.js';
import { createKubectl, type Kubectl } from './kubectl.js';
import { poll } from './processes.js';
import { startPrometheus, type Alert, type Prometheus } from './prometheus.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

const worker = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: ${image}
`;

function shortenedRules(forDuration: string): string {
  const rules = parse(readFileSync(join(repo, 'k8s/rules/kubediff.rules.yaml'), 'utf8')) as { groups: { rules: { for?: string }[] }[] };
  for (const rule of rules.groups.flatMap((group) => group.rules)) rule.for = forDuration;
  return stringify(rules);
}

const named = (alerts: Alert[], name: string): Alert | undefined => alerts.find((alert) => alert.labels.alertname === name);

describe('the rollout alert with a real Prometheus', { concurrency: false }, () => {
  let cluster: ApiServer;
  let kubectl: Kubectl;
  let promRun: PromRunProcess;
  let prometheus: Prometheus;
  let manifests: string;

  before(async () => {
    manifests = mkdtempSync(join(tmpdir(), 'kubediff-e2e-rollout-'));
    cluster = await startApiServer({ controllers: { pods: true }, controllerResyncMs: 500 });
    kubectl = createKubectl(cluster.kubeconfigPath);
    writeFileSync(join(manifests, 'worker.yaml'), worker('ghcr.io/example/worker:1.0'));
    await kubectl.ok('apply', '-f', manifests);
    // Version 2 crash-loops: the rollout stalls with one new pod restarting.
    cluster.controllers.images.set('ghcr.io/example/worker:2.0', 'crash-loop');
    writeFileSync(join(manifests, 'worker.yaml'), worker('ghcr.io/example/worker:2.0'));
    await kubectl.ok('apply', '-f', manifests);
    promRun = await startPromRun(['-period=2s', 'kubediff', '--pods', `--kubeconfig=${cluster.kubeconfigPath}`, manifests]);
    prometheus = await startPrometheus({ target: new URL(promRun.url).host, rules: shortenedRules('2s') });
  }, { timeout: 120_000 });

  after(async () => {
    await prometheus?.stop();
    await promRun?.stop();
    kubectl?.close();
    await cluster?.close();
    rmSync(manifests, { recursive: true, force: true });
  });

  test('KubediffRolloutStuck fires for the stalled Deployment, and drift alerts stay quiet', async (t) => {
    const started = Date.now();
    const stuck = await poll(90_000, 250, async () => {
      const alert = named(await prometheus.alerts(), 'KubediffRolloutStuck');
      return alert?.state === 'firing' ? alert : undefined;
    }, () => `KubediffRolloutStuck did not fire within 90 s; prom-run's log:\n${promRun.logs().map((line) => JSON.stringify(line)).join('\n')}`);
    t.diagnostic(`KubediffRolloutStuck firing ${((Date.now() - started) / 1000).toFixed(1)} s after Prometheus was ready`);
    assert.deepEqual([stuck.labels.object_kind, stuck.labels.object_namespace, stuck.labels.object_name, stuck.labels.severity], ['Deployment', 'default', 'worker', 'warning']);
    assert.equal(stuck.labels.status, undefined, 'the status label is dropped, so Progressing turning Degraded keeps one alert');
    assert.match(stuck.annotations.description ?? '', /^Deployment default\/worker has been Progressing or Degraded/);
    // Its new pod is in CrashLoopBackOff (seen with --pods): Degraded at once, not only Progressing.
    const [health] = await prometheus.query('kubediff_object_health{job="kubediff", object_name="worker"}');
    assert.equal(health?.metric.status, 'Degraded');
    // In sync with git: health never changes the exit code.
    const [exitCode] = await prometheus.query('command_exit_code{job="kubediff"}');
    assert.equal(exitCode?.value[1], '0');
    const others = (await prometheus.alerts()).map((alert) => alert.labels.alertname).filter((name) => name !== 'KubediffCheckStale' && name !== 'KubediffRolloutStuck');
    assert.deepEqual(others.filter((name) => name !== 'KubediffPodsCrashLooping'), []);
  });

  test('with --pods the crash-looping pod\'s restarts are counted for its Deployment', async () => {
    // The kubelet restarts it 10 s after its first crash; a later check counts it.
    const restarts = await poll(90_000, 500, async () => {
      const [series] = await prometheus.query('kubediff_pod_restarts_total{job="kubediff", object_kind="Deployment", object_name="worker"}');
      return series && Number(series.value[1]) >= 1 ? series : undefined;
    }, () => `no restart counted within 90 s; prom-run's log:\n${promRun.logs().map((line) => JSON.stringify(line)).join('\n')}`);
    assert.equal(restarts.metric.object_namespace, 'default');
    const status = (await (await fetch(`${promRun.url}/api/status`)).json()) as { latest: { check: { objects: { ref: { name: string }; health: { status: string; reason: string; pods?: { pods: number } } }[] } } };
    const workerHealth = status.latest.check.objects.find((o) => o.ref.name === 'worker')?.health;
    assert.equal(workerHealth?.status, 'Degraded', 'a crash-looping pod makes its workload Degraded');
    assert.match(workerHealth?.reason ?? '', /^pod worker-[a-z0-9]{10}-[a-z0-9]{5}: container worker: CrashLoopBackOff \(back-off/);
    assert.equal(workerHealth?.pods?.pods, 3, 'two old pods kept by maxUnavailable 0, one new');
  });
});
