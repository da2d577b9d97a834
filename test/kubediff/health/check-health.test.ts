// Health through runCheck against the emulated API server: attached to every
// object from the live object already fetched (no request of its own),
// never changing the exit code, remembered across runs by a HealthMemory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { runCheck, type CheckOptions } from '../../../src/kubediff/check.js';
import { createHealthMemory } from '../../../src/kubediff/health/index.js';
import { renderJson, renderText } from '../../../src/kubediff/output/index.js';
import type { CheckReport, ObjectResult } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startApiServer, type ApiServer, type KubeObject } from '../../support/apiserver/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

function fixture(name: string): KubeObject {
  return parse(readFileSync(new URL(`fixtures/gitops-engine/${name}.yaml`, import.meta.url), 'utf8'), { uniqueKeys: false }) as KubeObject;
}

/** The manifest git would hold for a live object: no status, no server-set metadata. */
function manifestOf(live: KubeObject): KubeObject {
  const { status: _status, metadata, ...rest } = live;
  const { name, namespace, labels } = metadata as KubeObject;
  return { ...rest, metadata: { name, namespace, ...(labels ? { labels } : {}) } };
}

const byName = (report: CheckReport, name: string): ObjectResult => {
  const found = report.objects.find((o) => o.ref.name === name);
  assert.ok(found, name);
  return found;
};

describe('health in runCheck', () => {
  let server: ApiServer;
  let dir: TempDir;
  let options: CheckOptions;
  const degraded = fixture('deployment-degraded');
  const failedJob = fixture('job-failed');

  before(async () => {
    server = await startApiServer();
    dir = await makeTempDir();
    // Stored exactly as the real API server returned them, status included.
    server.seedObjects([degraded, failedJob]);
    const files = {
      'app.yaml': [manifestOf(degraded), manifestOf(failedJob), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'absent', namespace: 'default' }, data: { a: '1' } }]
        .map((o) => JSON.stringify(o))
        .join('\n---\n'),
    };
    options = { paths: [await dir.write(files)], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path };
  });
  after(async () => {
    await server.close();
    await dir.remove();
  });

  test('every object gets its health from the live object, in every output', async () => {
    const report = await runCheck(options, { logger: silentLogger });
    assert.deepEqual(byName(report, 'guestbook-ui').health, { status: 'Degraded', reason: 'ProgressDeadlineExceeded: ReplicaSet "guestbook-ui-75dd4d49d5" has timed out progressing.' });
    assert.deepEqual(byName(report, 'fail').health, { status: 'Degraded', reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit' });
    assert.deepEqual(byName(report, 'absent').health, { status: 'Missing', reason: 'in git, not in the cluster' });
    assert.deepEqual(report.totals.health, { Degraded: 2, Progressing: 0, Missing: 1, Unknown: 0, Suspended: 0, Healthy: 0 });

    const json = JSON.parse(renderJson(report)) as { objects: { health: unknown }[] };
    assert.ok(json.objects.every((o) => typeof o.health === 'object'));
    const text = renderText(report);
    assert.match(text, /^## health\n\nDegraded: default\/guestbook-ui \(Deployment\.v1\.apps\): ProgressDeadlineExceeded: .*\nDegraded: argoci-workflows\/fail \(Job\.v1\.batch\): BackoffLimitExceeded: .*\nMissing: default\/absent \(ConfigMap\.v1\): in git, not in the cluster$/m);
  });

  test('health makes no request of its own: the same requests as fetching the objects', async () => {
    server.requestLog.clear();
    const report = await runCheck(options, { logger: silentLogger });
    const gets = report.requests.filter((r) => r.verb === 'get').reduce((sum, r) => sum + r.count, 0);
    // One GET per object (fewer than 3 of a kind per namespace); the only LIST is the autoscalers' (the
    // Deployment sets spec.replicas), which the drift check makes without health too.
    assert.equal(gets, 3);
    assert.equal(server.requestLog.count({ verb: 'list' }), 1);
    assert.equal(server.requestLog.count({ verb: 'list', resource: 'horizontalpodautoscalers' }), 1);
    assert.equal(server.requestLog.count({ resource: 'pods' }), 0);
  });

  test('health never changes the exit code: Degraded objects in sync exit 0, the missing one makes it 2', async () => {
    const report = await runCheck(options, { logger: silentLogger });
    assert.equal(byName(report, 'guestbook-ui').state, 'in-sync');
    assert.equal(byName(report, 'fail').state, 'in-sync');
    assert.equal(report.exitCode, 2);
    const withoutMissing = await runCheck({ ...options, paths: [await dir.write({ 'only/app.yaml': [manifestOf(degraded), manifestOf(failedJob)].map((o) => JSON.stringify(o)).join('\n---\n') })].map((p) => `${p}/only`) }, { logger: silentLogger });
    assert.equal(withoutMissing.totals.health?.Degraded, 2);
    assert.equal(withoutMissing.exitCode, 0);
  });

  test('with a HealthMemory (prom-run), since is the first run that saw the status and stays', async () => {
    const memory = createHealthMemory();
    let now = Date.parse('2025-06-01T08:00:00Z');
    const clock = () => new Date(now);
    const first = await runCheck(options, { logger: silentLogger, healthMemory: memory, clock });
    now += 5 * 60_000;
    const second = await runCheck(options, { logger: silentLogger, healthMemory: memory, clock });
    assert.equal(byName(first, 'guestbook-ui').health?.since, '2025-06-01T08:00:00.000Z');
    assert.equal(byName(second, 'guestbook-ui').health?.since, '2025-06-01T08:00:00.000Z');
    assert.equal(byName(second, 'absent').health?.since, '2025-06-01T08:00:00.000Z');
    assert.deepEqual([...(memory.previous()?.objects.keys() ?? [])].sort(), ['ConfigMap/default/absent', 'Deployment.apps/default/guestbook-ui', 'Job.batch/argoci-workflows/fail']);
  });

  test('a cancelled run remembers nothing', async () => {
    const memory = createHealthMemory();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await runCheck({ ...options, signal: controller.signal }, { logger: silentLogger, healthMemory: memory });
    assert.equal(memory.previous(), undefined);
  });
});

describe('claims across runs: a provisioner that never delivers is Degraded, a claim waiting for its first consumer is not', () => {
  let server: ApiServer;
  let dir: TempDir;

  before(async () => {
    server = await startApiServer();
    dir = await makeTempDir();
  });
  after(async () => {
    await server.close();
    await dir.remove();
  });

  test('past --progress-deadline the first turns Degraded; the second stays Progressing, never past a deadline', async () => {
    const claim = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    server.controllers.volumes = 'pending';
    server.apply(claim('provisioning'));
    server.controllers.volumes = 'wait-for-consumer';
    server.apply(claim('unused'));
    const options: CheckOptions = {
      paths: [await dir.write({ 'claims.yaml': [claim('provisioning'), claim('unused')].map((o) => JSON.stringify(o)).join('\n---\n') })],
      kubeconfig: server.kubeconfigPath,
      env: {},
      homeDir: dir.path,
    };
    const memory = createHealthMemory();
    let now = Date.parse('2025-06-01T08:00:00Z');
    const clock = () => new Date(now);
    const first = await runCheck(options, { logger: silentLogger, healthMemory: memory, clock });
    assert.deepEqual(byName(first, 'provisioning').health, { status: 'Progressing', reason: 'Pending: waiting for rancher.io/local-path to provision a volume', since: '2025-06-01T08:00:00.000Z' });
    assert.equal(byName(first, 'unused').health?.status, 'Progressing');
    assert.match(byName(first, 'unused').health?.reason ?? '', /^Pending: not bound; no volume is being provisioned yet \(a WaitForFirstConsumer class waits for a pod that uses the claim\)$/);
    now += 11 * 60_000;
    const later = await runCheck(options, { logger: silentLogger, healthMemory: memory, clock });
    assert.equal(byName(later, 'provisioning').health?.status, 'Degraded');
    assert.match(byName(later, 'provisioning').health?.reason ?? '', /^no progress for 11m0s, past its deadline of 10m0s: Pending: waiting for rancher\.io\/local-path/);
    assert.deepEqual(byName(later, 'unused').health, { ...byName(first, 'unused').health, since: '2025-06-01T08:00:00.000Z' });
    assert.equal(later.exitCode, 0);
  });
});
