// Health rule by rule through the emulated cluster: objects applied with real
// kubectl, statuses written by the emulated controllers as the real ones
// write them (a stalled rollout, a failed Job, a Pending claim, ...), health
// read by runCheck; and `kubectl rollout status` agrees with every verdict
// on Deployments, StatefulSets and DaemonSets.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { runCheck } from '../../../src/kubediff/check.js';
import type { CheckReport, HealthStatus } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { kubectl } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const T0 = Date.parse('2025-05-01T09:00:00Z');

const workload = (kind: string, name: string, image: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name, namespace: 'rollouts' },
  spec: {
    ...(kind === 'DaemonSet' ? {} : { replicas: 4 }),
    ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
    ...spec,
  },
});

const job = (name: string, image: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'rollouts' },
  spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image }] } } },
});

const yaml = (...objects: object[]) => objects.map((o) => stringify(o)).join('---\n');

describe('health through the emulated cluster and real kubectl', () => {
  let server: ApiServer;
  let tmp: TempDir;
  let env: NodeJS.ProcessEnv;
  let report: CheckReport;
  let now = T0;

  const applied = (objects: object[], file: string) => tmp.write({ [`repo/${file}`]: yaml(...objects) });
  const health = (kind: string, name: string) => {
    const found = report.objects.find((o) => o.ref.kind === kind && o.ref.name === name);
    assert.ok(found?.health, `${kind} ${name}`);
    return found.health;
  };

  before(async () => {
    server = await startApiServer({ now: () => new Date(now) });
    tmp = await makeTempDir();
    env = { PATH: process.env.PATH, HOME: tmp.path, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(tmp.path, 'kube-cache') };
    const { images } = server.controllers;
    images.set('registry.example.com/api:2.0', 'crash-loop');
    images.set('registry.example.com/worker:*', 'not-ready');
    images.set('registry.example.com/agent:2.0', 'crash-loop');
    images.set('registry.example.com/missing:*', 'pull-error');

    // Version 1 of everything, rolled out.
    await applied([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'rollouts' } }], '00-namespace.yaml');
    await applied([
      workload('Deployment', 'web', 'nginx:1.27'),
      workload('Deployment', 'api', 'registry.example.com/api:1.0'),
      workload('Deployment', 'stuck', 'registry.example.com/api:1.0'),
      workload('StatefulSet', 'db', 'postgres:16'),
      workload('StatefulSet', 'queue', 'rabbitmq:3'),
      workload('DaemonSet', 'agent', 'registry.example.com/agent:1.0'),
    ], 'workloads.yaml');
    await kubectl(['apply', '-f', join(tmp.path, 'repo')], env);

    // Version 2, of which some never become ready: the stuck one is 11 minutes old by the check,
    // api's is recent (applied after the clock moved on), so not past its deadline.
    await applied([
      workload('Deployment', 'web', 'nginx:1.27'),
      workload('Deployment', 'api', 'registry.example.com/api:1.0'),
      workload('Deployment', 'stuck', 'registry.example.com/api:2.0'),
      workload('StatefulSet', 'db', 'postgres:16'),
      workload('StatefulSet', 'queue', 'registry.example.com/worker:2'),
      workload('DaemonSet', 'agent', 'registry.example.com/agent:2.0'),
    ], 'workloads.yaml');
    await kubectl(['apply', '-f', join(tmp.path, 'repo/workloads.yaml')], env);
    now += 11 * 60_000;
    await applied([workload('Deployment', 'fresh', 'registry.example.com/missing:1', { replicas: 2 }), workload('Deployment', 'held', 'nginx:1.27', { paused: true })], 'recent.yaml');
    await applied([job('migrate', 'migrate:1'), job('seed', 'registry.example.com/api:2.0'), job('import', 'registry.example.com/missing:3')], 'jobs.yaml');
    await applied([
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'rollouts' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'public', namespace: 'rollouts' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'rollouts' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 8 } },
    ], 'edge.yaml');
    await applied([
      workload('Deployment', 'web', 'nginx:1.27'),
      workload('Deployment', 'api', 'registry.example.com/api:2.0'),
      workload('Deployment', 'stuck', 'registry.example.com/api:2.0'),
      workload('StatefulSet', 'db', 'postgres:16'),
      workload('StatefulSet', 'queue', 'registry.example.com/worker:2'),
      workload('DaemonSet', 'agent', 'registry.example.com/agent:2.0'),
    ], 'workloads.yaml');
    server.controllers.volumes = 'pending';
    server.controllers.loadBalancers = 'pending';
    server.controllers.metrics = false;
    await kubectl(['apply', '-f', join(tmp.path, 'repo')], env);
    // The seed Job's second pod fails 10 s after the first: past its backoffLimit of 1.
    now += 15_000;
    server.controllers.resync();
    report = await runCheck({ paths: [join(tmp.path, 'repo')], kubeconfig: server.kubeconfigPath, env: {}, homeDir: tmp.path }, { logger: silentLogger, clock: () => new Date(now) });
  }, { timeout: 120_000 });

  after(async () => {
    await server.close();
    await tmp.remove();
  });

  test('each rule, on statuses the emulated controllers wrote', () => {
    const expected: [string, string, HealthStatus, RegExp][] = [
      ['Deployment', 'web', 'Healthy', /^4 replicas updated and available$/],
      ['Deployment', 'api', 'Progressing', /^2 of 4 replicas updated$/],
      ['Deployment', 'stuck', 'Degraded', /^ProgressDeadlineExceeded: ReplicaSet "stuck-[a-z0-9]{10}" has timed out progressing\.$/],
      ['Deployment', 'fresh', 'Progressing', /^0 of 2 updated replicas available$/],
      ['Deployment', 'held', 'Suspended', /paused/],
      ['StatefulSet', 'db', 'Healthy', /^4 pods ready at revision db-/],
      ['StatefulSet', 'queue', 'Progressing', /^3 of 4 pods ready$/],
      ['DaemonSet', 'agent', 'Progressing', /^0 of 1 updated pods available$/],
      ['Job', 'migrate', 'Healthy', /^CompletionsReached: Reached expected number of succeeded pods$/],
      ['Job', 'seed', 'Degraded', /^BackoffLimitExceeded: Job has reached the specified backoff limit$/],
      ['Job', 'import', 'Progressing', /^running: 1 active/],
      ['PersistentVolumeClaim', 'data', 'Progressing', /^Pending: waiting for rancher\.io\/local-path to provision a volume$/],
      ['Service', 'public', 'Progressing', /waiting for an external address/],
      ['HorizontalPodAutoscaler', 'web', 'Degraded', /^FailedGetResourceMetric: the HPA was unable to compute the replica count/],
      ['Namespace', 'rollouts', 'Healthy', /./],
    ];
    for (const [kind, name, status, reason] of expected) {
      const got = health(kind, name);
      assert.equal(got.status, status, `${kind} ${name}: ${got.reason}`);
      assert.match(got.reason, reason, `${kind} ${name}`);
    }
  });

  test('health never changes the exit code: everything is in sync, so exit 0', () => {
    assert.deepEqual([...report.errors, ...report.objects.flatMap((o) => (o.error ? [o.error] : []))], []);
    assert.deepEqual(report.objects.filter((o) => o.state !== 'in-sync').map((o) => `${o.ref.kind} ${o.ref.name} ${o.state}`), []);
    assert.equal(report.exitCode, 0);
    assert.ok((report.totals.health?.Degraded ?? 0) >= 3);
  });

  test('kubectl rollout status agrees with every Deployment, StatefulSet and DaemonSet verdict', async () => {
    const rollouts = report.objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.ref.kind) && o.health?.status !== 'Suspended');
    assert.ok(rollouts.length >= 7);
    for (const object of rollouts) {
      const resource = `${object.ref.kind.toLowerCase()}/${object.ref.name}`;
      const ran = await execa('kubectl', ['rollout', 'status', resource, '-n', 'rollouts', '--watch=false'], { env, extendEnv: false, reject: false, timeout: 60_000 });
      const said = `${ran.stdout}${ran.stderr}`.trim();
      const status = object.health?.status;
      if (status === 'Healthy') {
        assert.equal(ran.exitCode, 0, said);
        assert.match(said, /successfully rolled out|rolling update complete|roll out complete/, `${resource}: ${said}`);
      } else if (status === 'Progressing') {
        assert.equal(ran.exitCode, 0, said);
        assert.match(said, /^Waiting for /, `${resource}: ${said}`);
      } else {
        assert.equal(status, 'Degraded');
        assert.notEqual(ran.exitCode, 0, said);
        assert.match(said, /exceeded its progress deadline/, `${resource}: ${said}`);
      }
    }
  });
});
