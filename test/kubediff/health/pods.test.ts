// --pods: one LIST of pods per namespace that holds git's workloads, pods
// matched by owner references (through ReplicaSets by the names the
// deployment controller gives them), restarts counted from run to run,
// broken containers folded into health; a namespace whose pods cannot be
// listed is a notice, never an error.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { runCheck, type CheckOptions } from '../../../src/kubediff/check.js';
import { createHealthMemory, indexWorkloads, readLiveHealth } from '../../../src/kubediff/health/index.js';
import type { CheckReport, ObjectRef } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startApiServer, type ApiServer, type KubeObject } from '../../support/apiserver/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const deployment = (name: string, namespace: string, image: string, replicas = 2): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } } },
});
const statefulSet = (name: string, namespace: string, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace },
  spec: { replicas: 1, serviceName: name, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } } },
});
const configMap = (name: string, namespace: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { a: '1' } });

const T0 = Date.parse('2025-07-01T08:00:00Z');

describe('--pods', () => {
  let server: ApiServer;
  let dir: TempDir;
  let options: CheckOptions;
  let now = T0;
  const objects = [
    deployment('web', 'shop', 'web:1'),
    deployment('api', 'shop', 'api:2'),
    statefulSet('db', 'data', 'postgres:16'),
    configMap('settings', 'config-only'),
  ];

  const check = (extra: Partial<CheckOptions> = {}, memory = createHealthMemory()): Promise<CheckReport> =>
    runCheck({ ...options, ...extra }, { logger: silentLogger, healthMemory: memory, clock: () => new Date(now) });
  const health = (report: CheckReport, name: string) => report.objects.find((o) => o.ref.name === name)?.health;

  before(async () => {
    server = await startApiServer({ now: () => new Date(now), controllers: { pods: true } });
    server.apply(deployment('api', 'shop', 'api:1'));
    server.controllers.images.set('api:2', 'crash-loop');
    for (const object of objects) server.apply(object);
    // A Deployment that is not in git, in the same namespace: its pods are listed but belong to nobody checked.
    server.apply(deployment('other', 'shop', 'other:1'));
    dir = await makeTempDir();
    const path = await dir.write({ 'repo/all.yaml': objects.map((o) => stringify(o)).join('---\n') });
    options = { paths: [join(path, 'repo')], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path, pods: true };
  });
  after(async () => {
    await server.close();
    await dir.remove();
  });
  beforeEach(() => {
    server.faults.clear();
    server.requestLog.clear();
  });

  test('one LIST of pods per namespace holding git\'s workloads, none elsewhere; none at all without --pods', async () => {
    const report = await check();
    assert.equal(server.requestLog.count({ resource: 'pods', verb: 'list' }), 2);
    assert.deepEqual(server.requestLog.filter({ resource: 'pods' }).map((e) => e.namespace).sort(), ['data', 'shop']);
    assert.equal(server.requestLog.count({ resource: 'replicasets' }), 0, 'pods are matched to Deployments without listing ReplicaSets');
    assert.ok(report.requests.some((r) => r.verb === 'list'));
    server.requestLog.clear();
    await check({ pods: false });
    assert.equal(server.requestLog.count({ resource: 'pods' }), 0);
  });

  test('pods are matched to their workloads through owner references; a crash loop makes its Deployment Degraded, naming pod and container', async () => {
    const report = await check();
    assert.deepEqual(health(report, 'web'), { status: 'Healthy', reason: '2 replicas updated and available', pods: { pods: 2, ready: 2, restarts: 0 } });
    assert.deepEqual(health(report, 'db')?.pods, { pods: 1, ready: 1, restarts: 0 });
    const api = health(report, 'api');
    assert.equal(api?.status, 'Degraded');
    assert.match(api?.reason ?? '', /^pod api-[a-z0-9]{10}-[a-z0-9]{5}: container main: CrashLoopBackOff \(back-off 10s restarting failed container=main pod=api-/);
    // 2 replicas: one surge pod on the new template, both old pods kept (maxUnavailable rounds down to 0).
    assert.deepEqual(api?.pods, { pods: 3, ready: 2, restarts: 0 });
    assert.equal(health(report, 'settings')?.pods, undefined);
    assert.equal(report.exitCode, 0, 'health never changes the exit code');
  });

  test('restarts are counted since the previous run (the first run is the baseline)', async () => {
    const memory = createHealthMemory();
    const first = await check({}, memory);
    assert.equal(health(first, 'api')?.pods?.restarts, 0);
    now += 35_000; // restarts at 10 s and 30 s after the first crash
    server.controllers.resync();
    const second = await check({}, memory);
    assert.equal(health(second, 'api')?.pods?.restarts, 2);
    const third = await check({}, memory);
    assert.equal(health(third, 'api')?.pods?.restarts, 0, 'nothing new since the previous run');
    now += 40_000;
    server.controllers.resync();
    assert.equal(health(await check({}, memory), 'api')?.pods?.restarts, 1);
  });

  test('pods that cannot be listed: a notice naming the namespace, health from the workloads alone, same exit code', async () => {
    server.faults.forbid({ resource: 'pods', namespace: 'shop' });
    const report = await check();
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.errors, []);
    assert.equal(report.notices.length, 1);
    assert.match(report.notices[0] ?? '', /^--pods: cannot list pods in namespace shop, so its workloads' health leaves their pods out: .*403/);
    assert.equal(health(report, 'web')?.pods, undefined);
    assert.equal(health(report, 'api')?.status, 'Progressing', 'the Deployment\'s own status still says its rollout is not done');
    assert.deepEqual(health(report, 'db')?.pods, { pods: 1, ready: 1, restarts: 0 });
  });
});

describe('matching pods to workloads without extra requests', () => {
  const ref = (kind: string, name: string, namespace = 'shop'): ObjectRef => ({ apiVersion: kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1', kind, namespace, name });
  // What the check keeps of each live object as it streams by: only workloads leave a digest.
  const live = [
    { ref: ref('Deployment', 'web'), live: { metadata: { uid: 'd1' }, spec: { selector: { matchLabels: { app: 'web' } } } } },
    { ref: ref('StatefulSet', 'db'), live: { metadata: { uid: 's1' }, spec: {} } },
    { ref: ref('CronJob', 'backup'), live: { metadata: { uid: 'c1' }, spec: {} } },
    { ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'config', name: 'x' }, live: {} },
  ];
  const index = indexWorkloads(live.flatMap((o) => readLiveHealth(o.ref, o.live).workload ?? []));
  const pod = (owner: { kind: string; name: string; uid?: string }, labels: Record<string, string> = {}) => ({
    metadata: { name: 'p', namespace: 'shop', labels, ownerReferences: [{ apiVersion: 'apps/v1', ...owner, controller: true }] },
  });

  test('only namespaces of workloads are listed', () => {
    assert.deepEqual(index.namespaces, ['shop']);
  });

  test('a Deployment\'s pod: owned by <deployment>-<pod-template-hash>, labelled with that hash, selected by the Deployment', () => {
    assert.equal(index.ownerOf(pod({ kind: 'ReplicaSet', name: 'web-6d4b9c7f8b' }, { app: 'web', 'pod-template-hash': '6d4b9c7f8b' })), 'Deployment.apps/shop/web');
    // A ReplicaSet of that name whose pods the Deployment does not select is not its.
    assert.equal(index.ownerOf(pod({ kind: 'ReplicaSet', name: 'web-6d4b9c7f8b' }, { app: 'other', 'pod-template-hash': '6d4b9c7f8b' })), undefined);
    assert.equal(index.ownerOf(pod({ kind: 'ReplicaSet', name: 'web-6d4b9c7f8b' }, { app: 'web' })), undefined, 'no hash label, no guess');
    assert.equal(index.ownerOf(pod({ kind: 'ReplicaSet', name: 'webapp-x' }, { app: 'web', 'pod-template-hash': 'x' })), undefined);
  });

  test('direct owners are checked by uid; a CronJob\'s Job is <cronjob>-<minute>', () => {
    assert.equal(index.ownerOf(pod({ kind: 'StatefulSet', name: 'db', uid: 's1' })), 'StatefulSet.apps/shop/db');
    assert.equal(index.ownerOf(pod({ kind: 'StatefulSet', name: 'db', uid: 'older' })), undefined, 'a deleted and recreated namesake');
    assert.equal(index.ownerOf(pod({ kind: 'Job', name: 'backup-29012345' })), 'CronJob.batch/shop/backup');
    assert.equal(index.ownerOf(pod({ kind: 'Job', name: 'backup-manual' })), undefined);
    assert.equal(index.ownerOf({ metadata: { name: 'bare', namespace: 'shop' } }), undefined);
  });
});
