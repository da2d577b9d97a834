// The emulated controllers write status as kube-controller-manager and the
// kubelet do: the same fields, condition reasons and messages as real objects
// (compare test/kubediff/health/fixtures/gitops-engine), and tests can make a
// rollout stall, a Job fail, a claim stay Pending, a pod crash-loop.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startApiServer, type ApiServer, type KubeObject } from '../support/apiserver/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const T0 = Date.parse('2025-04-01T10:00:00Z');

function deployment(name: string, image: string, extra: Json = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 4, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } }, ...extra },
  };
}

const conditions = (obj: Json) => Object.fromEntries((obj.status.conditions as Json[]).map((c) => [c.type, c]));

describe('the emulated controllers', () => {
  let server: ApiServer;
  let now = T0;
  const advance = (ms: number) => {
    now += ms;
    server.controllers.resync();
  };

  before(async () => {
    server = await startApiServer({ now: () => new Date(now) });
  });
  after(() => server.close());
  beforeEach(() => {
    server.controllers.images.clear();
    server.controllers.pods = false;
  });

  test('a Deployment whose pods become ready: complete at once, as the controller reports a finished rollout', () => {
    const live: Json = server.apply(deployment('web', 'nginx:1.27'));
    assert.equal(live.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    const { observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas } = live.status;
    assert.deepEqual({ observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas }, { observedGeneration: 1, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 });
    const { Available, Progressing } = conditions(live);
    assert.deepEqual([Available.status, Available.reason, Available.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
    assert.equal(Progressing.reason, 'NewReplicaSetAvailable');
    assert.match(Progressing.message, /^ReplicaSet "web-[a-z0-9]{10}" has successfully progressed\.$/);
  });

  test('the same status fields and condition fields as real objects (test/fixtures/conformance)', () => {
    const real = (file: string): Json => JSON.parse(readFileSync(new URL(`../fixtures/conformance/gitops-engine/${file}`, import.meta.url), 'utf8'));
    const keys = (o: Json) => Object.keys(o).sort();
    const live: Json = server.apply(deployment('shaped', 'nginx:1.27', { replicas: 1 }));
    const deploymentLive = real('deployment-live.json');
    assert.deepEqual(keys(live.status), keys(deploymentLive.status));
    for (const condition of live.status.conditions) assert.deepEqual(keys(condition), keys(deploymentLive.status.conditions[0]));
    assert.deepEqual(live.status.conditions.map((c: Json) => [c.type, c.status, c.reason]), deploymentLive.status.conditions.map((c: Json) => [c.type, c.status, c.reason]));
    assert.ok(live.metadata.annotations['deployment.kubernetes.io/revision']);
    // elasticsearch-live.json comes from a cluster older than availableReplicas (1.22); updatedReplicas is left out there too.
    const set: Json = server.apply({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'shaped', namespace: 'default' }, spec: { replicas: 2, serviceName: 'shaped', selector: { matchLabels: { app: 'shaped' } }, template: { metadata: { labels: { app: 'shaped' } }, spec: { containers: [{ name: 'c', image: 'es:7' }] } } } });
    assert.deepEqual(keys(set.status).filter((k) => k !== 'availableReplicas' && k !== 'updatedReplicas'), keys(real('elasticsearch-live.json').status));
    assert.match(set.status.currentRevision, /^shaped-[a-z0-9]{10}$/);
  });

  test('a new image that crashes stalls the rolling update at maxSurge/maxUnavailable, then exceeds its progress deadline', () => {
    server.apply(deployment('api', 'example.com/api:1.0'));
    server.controllers.images.set('example.com/api:2.0', 'crash-loop');
    const stalled: Json = server.apply(deployment('api', 'example.com/api:2.0'));
    assert.equal(stalled.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    // 4 replicas, 25% each: 1 surge, 1 unavailable; the old ReplicaSet goes down to 3, the new one up to 2.
    const { replicas, updatedReplicas, readyReplicas, availableReplicas, unavailableReplicas } = stalled.status;
    assert.deepEqual({ replicas, updatedReplicas, readyReplicas, availableReplicas, unavailableReplicas }, { replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 2 });
    let progressing = conditions(stalled).Progressing;
    assert.deepEqual([progressing.status, progressing.reason], ['True', 'ReplicaSetUpdated']);
    assert.match(progressing.message, /^ReplicaSet "api-[a-z0-9]{10}" is progressing\.$/);
    assert.equal(conditions(stalled).Available.status, 'True', '3 available of 4 with maxUnavailable 1 is minimum availability');

    advance(599_000);
    assert.equal(conditions(server.getObject('apps/v1', 'Deployment', 'api')).Progressing.reason, 'ReplicaSetUpdated');
    advance(2_000);
    progressing = conditions(server.getObject('apps/v1', 'Deployment', 'api')).Progressing;
    assert.deepEqual([progressing.status, progressing.reason], ['False', 'ProgressDeadlineExceeded']);
    assert.match(progressing.message, /^ReplicaSet "api-[a-z0-9]{10}" has timed out progressing\.$/);
    assert.equal(progressing.lastUpdateTime, '2025-04-01T10:10:00Z');

    // Rolling back to the old image finishes at once: its ReplicaSet is still there.
    const back: Json = server.apply(deployment('api', 'example.com/api:1.0'));
    assert.equal(conditions(back).Progressing.reason, 'NewReplicaSetAvailable');
    assert.equal(back.status.updatedReplicas, 4);
  });

  test('a first rollout whose image cannot be pulled has no available replica', () => {
    server.controllers.images.set('example.com/missing:*', 'pull-error');
    const live: Json = server.apply(deployment('fresh', 'example.com/missing:1', { replicas: 2 }));
    assert.deepEqual([live.status.replicas, live.status.updatedReplicas, live.status.availableReplicas, live.status.unavailableReplicas], [2, 2, undefined, 2]);
    assert.deepEqual([conditions(live).Available.status, conditions(live).Available.reason], ['False', 'MinimumReplicasUnavailable']);
  });

  test('a paused Deployment says so in its Progressing condition', () => {
    server.apply(deployment('held', 'nginx:1.27'));
    const paused: Json = server.apply(deployment('held', 'nginx:1.28', { paused: true }));
    const progressing = conditions(paused).Progressing;
    assert.deepEqual([progressing.status, progressing.reason, progressing.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  });

  test('a StatefulSet update with pods that never get ready stops after the highest ordinal', () => {
    const set = (image: string): KubeObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image }] } } } });
    const first: Json = server.apply(set('postgres:16'));
    assert.equal(first.status.currentRevision, first.status.updateRevision);
    assert.match(first.status.currentRevision, /^db-[a-z0-9]{10}$/);
    server.controllers.images.set('postgres:17', 'not-ready');
    const updating: Json = server.apply(set('postgres:17'));
    const { replicas, readyReplicas, currentReplicas, updatedReplicas, currentRevision, updateRevision } = updating.status;
    assert.deepEqual({ replicas, readyReplicas, currentReplicas, updatedReplicas }, { replicas: 3, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 1 });
    assert.equal(currentRevision, first.status.currentRevision);
    assert.notEqual(updateRevision, currentRevision);
  });

  test('a DaemonSet whose new pod crashes: updated but not available', () => {
    const set = (image: string): KubeObject => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image }] } } } });
    assert.equal((server.apply(set('agent:1')) as Json).status.numberAvailable, 1);
    server.controllers.images.set('agent:2', 'crash-loop');
    const live: Json = server.apply(set('agent:2'));
    assert.deepEqual([live.status.desiredNumberScheduled, live.status.updatedNumberScheduled, live.status.numberAvailable, live.status.numberUnavailable], [1, 1, undefined, 1]);
  });

  test('a Job: complete when its pods succeed; failed with BackoffLimitExceeded after its back-offs when they crash', () => {
    const job = (name: string, image: string, backoffLimit = 2): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default' }, spec: { backoffLimit, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image }] } } } });
    const done: Json = server.apply(job('migrate', 'migrate:1'));
    assert.deepEqual(done.status.conditions.map((c: Json) => [c.type, c.status, c.reason, c.message]), [
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    assert.equal(done.status.succeeded, 1);

    server.controllers.images.set('migrate:2', 'crash-loop');
    const running: Json = server.apply(job('migrate-2', 'migrate:2'));
    assert.deepEqual([running.status.active, running.status.failed, running.status.conditions], [1, 1, undefined]);
    advance(29_000);
    assert.equal((server.getObject('batch/v1', 'Job', 'migrate-2') as Json).status.failed, 2);
    advance(2_000);
    const failed: Json = server.getObject('batch/v1', 'Job', 'migrate-2');
    assert.deepEqual(failed.status.conditions.map((c: Json) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    assert.deepEqual([failed.status.failed, failed.status.active], [3, undefined]);
  });

  test('a claim binds unless no volume can be provisioned; a LoadBalancer gets an address unless the cloud gives none', () => {
    const claim = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } });
    const bound: Json = server.apply(claim('data'));
    assert.deepEqual(bound.status, { accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' }, phase: 'Bound' });
    assert.equal(bound.spec.volumeName, `pvc-${bound.metadata.uid}`);
    assert.equal(bound.metadata.annotations['pv.kubernetes.io/bind-completed'], 'yes');
    const managers = bound.metadata.managedFields.map((m: Json) => `${m.manager}${m.subresource ? `/${m.subresource}` : ''}`);
    // The binding (volumeName, annotations) and the status are the controller's; written in the same second
    // as the claim, the entries come in the API server's order: Update by time, then by manager.
    assert.deepEqual(managers, ['kube-controller-manager', 'kube-controller-manager/status', 'kubediff-test']);
    const binding = bound.metadata.managedFields.find((m: Json) => m.manager === 'kube-controller-manager' && !m.subresource);
    assert.deepEqual(Object.keys(binding.fieldsV1['f:spec']), ['f:volumeName']);
    assert.ok('f:pv.kubernetes.io/bind-completed' in binding.fieldsV1['f:metadata']['f:annotations']);
    server.controllers.volumes = 'pending';
    assert.deepEqual((server.apply(claim('scratch')) as Json).status, { phase: 'Pending' });
    server.controllers.volumes = 'bind';

    const service = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    assert.match((server.apply(service('public')) as Json).status.loadBalancer.ingress[0].ip, /^172\.18\.255\.\d+$/);
    server.controllers.loadBalancers = 'pending';
    assert.deepEqual((server.apply(service('pending')) as Json).status, { loadBalancer: {} });
    server.controllers.loadBalancers = 'provision';
  });

  test('an autoscaler reports its conditions; without a metrics API ScalingActive is False', () => {
    server.apply(deployment('scaled', 'nginx:1.27', { replicas: 3 }));
    const hpa = (name: string, target: string): KubeObject => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas: 2, maxReplicas: 5 } });
    const ok: Json = server.apply(hpa('scaled', 'scaled'));
    assert.deepEqual(ok.status.conditions.map((c: Json) => [c.type, c.status, c.reason]), [['AbleToScale', 'True', 'ReadyForNewScale'], ['ScalingActive', 'True', 'ValidMetricFound'], ['ScalingLimited', 'False', 'DesiredWithinRange']]);
    assert.deepEqual([ok.status.currentReplicas, ok.status.desiredReplicas], [3, 3]);
    const missing: Json = server.apply(hpa('orphan', 'nope'));
    assert.deepEqual(missing.status.conditions.map((c: Json) => [c.type, c.status, c.reason, c.message]), [['AbleToScale', 'False', 'FailedGetScale', 'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "nope" not found']]);
    server.controllers.metrics = false;
    advance(1000);
    const noMetrics: Json = server.getObject('autoscaling/v2', 'HorizontalPodAutoscaler', 'scaled');
    assert.deepEqual(noMetrics.status.conditions.map((c: Json) => [c.type, c.status, c.reason]), [['AbleToScale', 'True', 'ReadyForNewScale'], ['ScalingActive', 'False', 'FailedGetResourceMetric']]);
    server.controllers.metrics = true;
  });

  test('with pods: ReplicaSets and pods owned as the controllers own them; a crash loop restarts on the kubelet\'s back-off', () => {
    server.controllers.pods = true;
    server.apply(deployment('shop', 'shop:1', { replicas: 2 }));
    const sets: Json[] = server.listObjects('apps/v1', 'ReplicaSet', 'default').filter((s: Json) => s.metadata.name.startsWith('shop-'));
    assert.equal(sets.length, 1);
    const [set] = sets;
    const hash = set.metadata.labels['pod-template-hash'];
    assert.equal(set.metadata.name, `shop-${hash}`);
    assert.deepEqual([set.metadata.ownerReferences[0].kind, set.metadata.ownerReferences[0].name, set.metadata.ownerReferences[0].controller], ['Deployment', 'shop', true]);
    const pods = () => server.listObjects('v1', 'Pod', 'default').filter((p: Json) => p.metadata.name.startsWith('shop-')) as Json[];
    assert.equal(pods().length, 2);
    for (const pod of pods()) {
      assert.match(pod.metadata.name, new RegExp(`^shop-${hash}-[a-z0-9]{5}$`));
      assert.equal(pod.metadata.labels['pod-template-hash'], hash);
      assert.equal(pod.metadata.ownerReferences[0].uid, set.metadata.uid);
      assert.equal(pod.status.phase, 'Running');
      assert.equal(pod.status.containerStatuses[0].ready, true);
    }

    server.controllers.images.set('shop:2', 'crash-loop');
    server.apply(deployment('shop', 'shop:2', { replicas: 2 }));
    const crashing = () => pods().filter((p) => p.spec.containers[0].image === 'shop:2');
    // 2 replicas: 1 surge, 0 unavailable: one new pod, both old ones kept.
    assert.equal(crashing().length, 1);
    assert.equal(pods().length, 3);
    const status = () => crashing()[0].status.containerStatuses[0];
    assert.deepEqual([status().state.waiting.reason, status().restartCount, status().lastState.terminated.reason], ['CrashLoopBackOff', 0, 'Error']);
    advance(30_000);
    assert.equal(status().restartCount, 2);
    assert.match(status().state.waiting.message, /^back-off 40s restarting failed container=app pod=shop-[a-z0-9]{10}-[a-z0-9]{5}_default\(/);

    server.deleteObject('apps/v1', 'Deployment', 'shop');
    assert.deepEqual(pods(), [], 'the garbage collector deletes the pods');
    assert.deepEqual(server.listObjects('apps/v1', 'ReplicaSet', 'default').filter((s: Json) => s.metadata.name.startsWith('shop-')), []);
  });
});
