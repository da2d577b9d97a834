// One case per health rule, on objects as real controllers wrote them: Argo
// CD's health test data (real objects, see fixtures/gitops-engine/NOTICE),
// and statuses shaped as the Kubernetes controllers write them (same
// fields, reasons and messages) for the cases those files do not cover.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { assessLive, type Verdict } from '../../../src/kubediff/health/index.js';

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  // statefulset-ondelete.yaml repeats a key, as kubectl's YAML reader accepts (the last one wins).
  return parse(readFileSync(new URL(`fixtures/gitops-engine/${name}.yaml`, import.meta.url), 'utf8'), { uniqueKeys: false }) as Json;
}

function assess(object: Json): Verdict {
  return assessLive(String(object.apiVersion), String(object.kind), object);
}

function expectHealth(object: Json, status: Verdict['status'], reason: RegExp): Verdict {
  const verdict = assess(object);
  assert.equal(verdict.status, status, `${String(object.kind)}: ${verdict.reason}`);
  assert.match(verdict.reason, reason);
  assert.ok(!verdict.reason.includes('\n'), 'one line');
  return verdict;
}

/** A copy with status (and spec, metadata) fields replaced, as a later controller write would leave it. */
function withFields(object: Json, fields: { spec?: Json; status?: Json; metadata?: Json }): Json {
  return {
    ...object,
    metadata: { ...(object.metadata as Json), ...fields.metadata },
    spec: { ...(object.spec as Json), ...fields.spec },
    status: fields.status ?? object.status,
  };
}

const deployment = (status: Json, spec: Json = {}, generation = 4): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'guestbook-ui', namespace: 'default', generation },
  spec: { replicas: 2, progressDeadlineSeconds: 600, ...spec },
  status,
});
const available = { lastTransitionTime: '2018-07-18T04:48:48Z', lastUpdateTime: '2018-07-18T04:48:48Z', message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' };

describe('Deployment', () => {
  test('ProgressDeadlineExceeded is Degraded, with the controller\'s message', () => {
    expectHealth(fixture('deployment-degraded'), 'Degraded', /^ProgressDeadlineExceeded: ReplicaSet "guestbook-ui-75dd4d49d5" has timed out progressing\.$/);
  });

  test('old replicas not yet terminated is Progressing, with its own deadline and last progress', () => {
    const verdict = expectHealth(fixture('deployment-progressing'), 'Progressing', /^1 old replica pending termination$/);
    assert.equal(verdict.deadlineSeconds, 600);
    assert.equal(verdict.progressAt, '2018-07-18T06:19:22Z');
  });

  test('spec.paused is Suspended', () => {
    expectHealth(fixture('deployment-suspended'), 'Suspended', /paused/);
  });

  test('observedGeneration behind generation is Progressing (the controller has not seen the change)', () => {
    const status = { observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2, conditions: [available] };
    expectHealth(deployment(status), 'Progressing', /observe generation 4 \(it has seen 3\)/);
    expectHealth(deployment({}, {}, 1), 'Progressing', /waiting for the deployment controller to report status/);
  });

  test('fewer updated replicas than spec.replicas, then updated ones not yet available, are Progressing', () => {
    const progressingCondition = { lastTransitionTime: '2018-07-18T04:40:44Z', lastUpdateTime: '2018-07-18T06:19:22Z', message: 'ReplicaSet "guestbook-ui-75dd4d49d5" is progressing.', reason: 'ReplicaSetUpdated', status: 'True', type: 'Progressing' };
    const surge = { observedGeneration: 4, replicas: 3, updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2, unavailableReplicas: 1, conditions: [available, progressingCondition] };
    expectHealth(deployment(surge), 'Progressing', /^1 of 2 replicas updated$/);
    const notAvailable = { observedGeneration: 4, replicas: 2, updatedReplicas: 2, availableReplicas: 1, readyReplicas: 1, unavailableReplicas: 1, conditions: [available, progressingCondition] };
    expectHealth(deployment(notAvailable), 'Progressing', /^1 of 2 updated replicas available$/);
  });

  test('a ReplicaFailure condition is named in the reason', () => {
    const failure = { lastTransitionTime: '2024-05-01T10:00:00Z', lastUpdateTime: '2024-05-01T10:00:00Z', message: 'pods "web-6d4b9-" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2', reason: 'FailedCreate', status: 'True', type: 'ReplicaFailure' };
    const status = { observedGeneration: 4, replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1, conditions: [available, failure] };
    expectHealth(deployment(status), 'Progressing', /^1 of 2 replicas updated; FailedCreate: pods "web-6d4b9-" is forbidden: exceeded quota/);
  });

  test('all replicas updated and available is Healthy; progressDeadlineSeconds at MaxInt32 means no deadline', () => {
    const done = { lastTransitionTime: '2018-07-18T04:40:44Z', lastUpdateTime: '2018-07-18T06:29:22Z', message: 'ReplicaSet "guestbook-ui-75dd4d49d5" has successfully progressed.', reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' };
    expectHealth(deployment({ observedGeneration: 4, replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2, conditions: [available, done] }), 'Healthy', /^2 replicas updated and available$/);
    const verdict = assess(deployment({ observedGeneration: 4, replicas: 2, updatedReplicas: 1, availableReplicas: 1 }, { progressDeadlineSeconds: 2147483647 }));
    assert.equal(verdict.deadlineSeconds, 'none');
  });
});

describe('StatefulSet', () => {
  test('a finished rollout (same revisions, all ready) is Healthy, OnDelete too', () => {
    expectHealth(withFields(fixture('statefulset'), { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } } }), 'Healthy', /^1 pod ready at revision redis-master-7b8f75b98$/);
    expectHealth(fixture('statefulset-ondelete'), 'Healthy', /^1 pod ready$/);
    const onDelete = withFields(fixture('statefulset'), { status: { currentReplicas: 2, currentRevision: 'redis-master-7b8f75b98', observedGeneration: 1, readyReplicas: 3, replicas: 3, updateRevision: 'redis-master-5d8c6f7b4c', updatedReplicas: 1 }, spec: { replicas: 3 } });
    expectHealth(onDelete, 'Healthy', /^3 pods ready; 2 pods keep the old revision until deleted \(updateStrategy OnDelete\)$/);
  });

  test('updateRevision != currentRevision is Progressing', () => {
    const set = withFields(fixture('statefulset'), {
      spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
      metadata: { generation: 2 },
      status: { availableReplicas: 3, collisionCount: 0, currentReplicas: 2, currentRevision: 'redis-master-7b8f75b98', observedGeneration: 2, readyReplicas: 3, replicas: 3, updateRevision: 'redis-master-5d8c6f7b4c', updatedReplicas: 1 },
    });
    expectHealth(set, 'Progressing', /^1 of 3 pods updated to revision redis-master-5d8c6f7b4c$/);
  });

  test('readyReplicas below spec.replicas is Progressing', () => {
    const set = withFields(fixture('statefulset'), {
      spec: { replicas: 3 },
      status: { availableReplicas: 2, collisionCount: 0, currentReplicas: 3, currentRevision: 'redis-master-7b8f75b98', observedGeneration: 1, readyReplicas: 2, replicas: 3, updateRevision: 'redis-master-7b8f75b98', updatedReplicas: 3 },
    });
    expectHealth(set, 'Progressing', /^2 of 3 pods ready$/);
  });

  test('a partitioned rollout is done once the pods from the partition up are updated', () => {
    const status = (updated: number) => ({ availableReplicas: 3, currentReplicas: 3 - updated, currentRevision: 'db-1', observedGeneration: 2, readyReplicas: 3, replicas: 3, updateRevision: 'db-2', updatedReplicas: updated });
    const set = (updated: number) => withFields(fixture('statefulset'), { metadata: { generation: 2 }, spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }, status: status(updated) });
    expectHealth(set(0), 'Progressing', /^0 of 1 pod from partition 2 up updated$/);
    expectHealth(set(1), 'Healthy', /^partitioned rollout done: 1 of 3 pods updated$/);
  });
});

describe('DaemonSet', () => {
  const daemonSet = (status: Json) => withFields(fixture('daemonset-ondelete'), { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }, metadata: { generation: 4 }, status });

  test('every node running an available updated pod is Healthy (OnDelete as well)', () => {
    expectHealth(fixture('daemonset-ondelete'), 'Healthy', /^1 pod available$/);
    expectHealth(daemonSet({ currentNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 4, updatedNumberScheduled: 3 }), 'Healthy', /^3 nodes run an available updated pod$/);
  });

  test('updatedNumberScheduled or numberAvailable below desiredNumberScheduled is Progressing', () => {
    expectHealth(daemonSet({ currentNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0, numberReady: 2, numberUnavailable: 1, observedGeneration: 4, updatedNumberScheduled: 1 }), 'Progressing', /^1 of 3 nodes run the updated pod$/);
    expectHealth(daemonSet({ currentNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0, numberReady: 2, numberUnavailable: 1, observedGeneration: 4, updatedNumberScheduled: 3 }), 'Progressing', /^2 of 3 updated pods available$/);
    expectHealth(daemonSet({ desiredNumberScheduled: 3, observedGeneration: 3 }), 'Progressing', /observe generation 4/);
  });
});

describe('Job and CronJob', () => {
  test('Failed=True is Degraded, with the job controller\'s reason and message', () => {
    expectHealth(fixture('job-failed'), 'Degraded', /^BackoffLimitExceeded: Job has reached the specified backoff limit$/);
  });

  test('Complete=True is Healthy; running is Progressing and never judged by --progress-deadline', () => {
    expectHealth(fixture('job-succeeded'), 'Healthy', /^the Job completed$/);
    const running = expectHealth(fixture('job-running'), 'Progressing', /^running: 1 active, 0 of 1 succeeded, 0 failed$/);
    assert.equal(running.deadlineSeconds, 'none');
  });

  test('Kubernetes 1.31+: FailureTarget before Failed, SuccessCriteriaMet before Complete', () => {
    const job = fixture('job-running');
    const condition = (type: string, reason: string, message: string) => ({ lastProbeTime: '2025-01-01T00:00:10Z', lastTransitionTime: '2025-01-01T00:00:10Z', message, reason, status: 'True', type });
    expectHealth(withFields(job, { status: { conditions: [condition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')], failed: 7, startTime: '2025-01-01T00:00:00Z' } }), 'Degraded', /^BackoffLimitExceeded/);
    expectHealth(withFields(job, { status: { conditions: [condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods')], succeeded: 1 } }), 'Healthy', /^CompletionsReached: Reached expected number of succeeded pods$/);
  });

  test('a suspended Job is Suspended', () => {
    expectHealth(fixture('job-suspended'), 'Suspended', /^JobSuspended: Job suspended$/);
  });

  test('CronJob: spec.suspend is Suspended; a last Job that did not succeed is Degraded', () => {
    const cronJob = (spec: Json, status: Json): Json => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'default', generation: 1 }, spec: { schedule: '*/5 * * * *', suspend: false, ...spec }, status });
    expectHealth(cronJob({ suspend: true }, {}), 'Suspended', /spec\.suspend/);
    expectHealth(cronJob({}, {}), 'Healthy', /not scheduled yet/);
    expectHealth(cronJob({}, { lastScheduleTime: '2025-01-01T10:05:00Z', lastSuccessfulTime: '2025-01-01T10:05:31Z' }), 'Healthy', /succeeded/);
    expectHealth(cronJob({}, { active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'report-29000000', namespace: 'default' }], lastScheduleTime: '2025-01-01T10:10:00Z', lastSuccessfulTime: '2025-01-01T10:05:31Z' }), 'Healthy', /1 Job running/);
    expectHealth(cronJob({}, { lastScheduleTime: '2025-01-01T10:10:00Z', lastSuccessfulTime: '2025-01-01T10:05:31Z' }), 'Degraded', /scheduled at 2025-01-01T10:10:00Z did not succeed \(last success: 2025-01-01T10:05:31Z\)/);
  });
});

describe('PersistentVolumeClaim and Service', () => {
  test('a PVC: Bound is Healthy, Pending Progressing, Lost Degraded', () => {
    expectHealth(fixture('pvc-bound'), 'Healthy', /^Bound to volume /);
    expectHealth(fixture('pvc-pending'), 'Progressing', /^Pending: waiting for kubernetes\.io\/aws-ebs to provision a volume$/);
    const lost = withFields(fixture('pvc-bound'), { status: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, phase: 'Lost' } });
    expectHealth(lost, 'Degraded', /^Lost: its volume .* no longer exists$/);
  });

  test('a Pending PVC: the provisioner asked is named and judged by the deadline; one waiting for its first consumer is not judged', () => {
    const pending = fixture('pvc-pending');
    const annotations = (extra: Record<string, string>) => withFields(pending, { metadata: { annotations: extra } });
    assert.equal(assessLive('v1', 'PersistentVolumeClaim', pending).deadlineSeconds, undefined);
    // The scheduler picked a node for a pod using a WaitForFirstConsumer claim; provisioning is next.
    const selected = assessLive('v1', 'PersistentVolumeClaim', annotations({ 'volume.kubernetes.io/selected-node': 'node-a' }));
    assert.deepEqual([selected.status, selected.reason, selected.deadlineSeconds], ['Progressing', 'Pending: waiting for a volume on node node-a', undefined]);
    const waiting = assessLive('v1', 'PersistentVolumeClaim', annotations({}));
    assert.equal(waiting.status, 'Progressing');
    assert.match(waiting.reason, /WaitForFirstConsumer/);
    assert.equal(waiting.deadlineSeconds, 'none');
  });

  test('a LoadBalancer Service without status.loadBalancer.ingress is Progressing; other types are Healthy', () => {
    expectHealth(fixture('svc-loadbalancer-unassigned'), 'Progressing', /waiting for an external address/);
    expectHealth(fixture('svc-loadbalancer'), 'Healthy', /^LoadBalancer at /);
    expectHealth(fixture('svc-loadbalancer-nonemptylist'), 'Healthy', /^LoadBalancer provisioned$/);
    expectHealth(fixture('svc-clusterip'), 'Healthy', /^ClusterIP$/);
  });
});

describe('HorizontalPodAutoscaler, APIService, CustomResourceDefinition', () => {
  test('an autoscaler: AbleToScale or ScalingActive False is Degraded (v2 conditions and v1\'s annotation)', () => {
    expectHealth(fixture('hpa-v2-degraded'), 'Degraded', /^FailedGetScale: the HPA controller was unable to get the target's current scale/);
    expectHealth(fixture('hpa-v1-degraded'), 'Degraded', /^FailedGetResourceMetric: the HPA was unable to compute the replica count/);
    // Argo CD calls this one Healthy; the autoscaler cannot compute a replica count, which is what ScalingActive False says.
    expectHealth(fixture('hpa-v1-healthy'), 'Degraded', /^FailedGetResourceMetric/);
    expectHealth(fixture('hpa-v2-healthy'), 'Healthy', /./);
    // Scaling is off because the target was scaled to zero on purpose.
    expectHealth(fixture('hpa-v2beta1-healthy-disabled'), 'Healthy', /^ScalingDisabled/);
  });

  test('an APIService: Available False is Degraded, True Healthy', () => {
    expectHealth(fixture('apiservice-v1-false'), 'Degraded', /^MissingEndpoints: endpoints for service\/cert-manager-webhook in "external-dns" have no addresses$/);
    expectHealth(fixture('apiservice-v1beta1-false'), 'Degraded', /./);
    expectHealth(fixture('apiservice-v1-true'), 'Healthy', /./);
  });

  test('a CRD: Established False or NamesAccepted False is Degraded, Established True Healthy', () => {
    const crd = (conditions: Json[]): Json => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com', generation: 1 }, spec: {}, status: { conditions } });
    const at = '2025-01-01T00:00:00Z';
    expectHealth(crd([{ lastTransitionTime: at, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' }, { lastTransitionTime: at, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' }]), 'Healthy', /^InitialNamesAccepted/);
    expectHealth(crd([{ lastTransitionTime: at, message: '"widget" is already in use', reason: 'PluralConflict', status: 'False', type: 'NamesAccepted' }, { lastTransitionTime: at, message: 'not all names are accepted', reason: 'NotAccepted', status: 'False', type: 'Established' }]), 'Degraded', /^PluralConflict: "widget" is already in use$/);
    expectHealth(crd([{ lastTransitionTime: at, message: 'waiting for the names', reason: 'Installing', status: 'False', type: 'Established' }]), 'Degraded', /^Installing/);
    expectHealth(crd([]), 'Progressing', /not Established yet/);
  });
});

describe('Pods in git', () => {
  test('crash loops, image pull errors and failures are Degraded, naming the container', () => {
    expectHealth(fixture('pod-crashloop'), 'Degraded', /^container main: CrashLoopBackOff \(Back-off 40s restarting failed container=main .*, last exit Error\)$/);
    expectHealth(fixture('pod-imagepullbackoff'), 'Degraded', /^container errimagepullbackoff: ImagePullBackOff \(Back-off pulling image "gcr.io\/heptio-images\/ks-guestbook-demo:0.3"\)$/);
    expectHealth(fixture('pod-error'), 'Degraded', /^container main: exited with Error \(exit code 1, restarted 2 times\)$/);
    expectHealth(fixture('pod-failed'), 'Degraded', /^Failed/);
  });

  test('running and ready or succeeded is Healthy; pending or not ready is Progressing', () => {
    expectHealth(fixture('pod-running-restart-always'), 'Healthy', /Running and ready/);
    expectHealth(fixture('pod-succeeded'), 'Healthy', /Succeeded/);
    expectHealth(fixture('pod-running-not-ready'), 'Progressing', /^ContainersNotReady: containers with unready status: \[main\]$/);
    expectHealth(fixture('pod-pending'), 'Progressing', /./);
  });
});

describe('any other object, custom resources included', () => {
  const resource = (status: Json, generation = 2): Json => ({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web-tls', namespace: 'default', generation }, spec: {}, status });
  const ready = (status: string, reason: string, message: string) => ({ lastTransitionTime: '2025-01-01T00:00:00Z', message, observedGeneration: 2, reason, status, type: 'Ready' });

  test('Ready False is Degraded with the condition\'s reason; Ready Unknown is Progressing', () => {
    expectHealth(resource({ conditions: [ready('False', 'Failed', 'The certificate request has failed to complete and will be retried: 429 urn:acme:error:rateLimited')] }), 'Degraded', /^Failed: The certificate request has failed/);
    expectHealth(resource({ conditions: [ready('Unknown', 'Issuing', 'Issuing certificate as Secret does not exist')] }), 'Progressing', /^Issuing: /);
  });

  test('status.observedGeneration behind metadata.generation is Progressing; kstatus Stalled is Degraded', () => {
    expectHealth(resource({ observedGeneration: 1, conditions: [ready('True', 'Ready', 'Certificate is up to date and has not expired')] }), 'Progressing', /observe generation 2 \(it has seen 1\)/);
    expectHealth({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system', generation: 3 }, spec: {}, status: { observedGeneration: 3, conditions: [{ type: 'Stalled', status: 'True', reason: 'ArtifactFailed', message: 'Source artifact not found' }] } }, 'Degraded', /^ArtifactFailed: Source artifact not found$/);
  });

  test('Ready True, or no status at all, is Healthy; an object being deleted is Progressing', () => {
    expectHealth(resource({ observedGeneration: 2, conditions: [ready('True', 'Ready', 'Certificate is up to date and has not expired')] }), 'Healthy', /^Ready: Certificate is up to date/);
    expectHealth({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { a: '1' } }, 'Healthy', /no rollout status/);
    expectHealth({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['example.com/keep'] } }, 'Progressing', /being deleted since 2025-01-01T00:00:00Z/);
  });

  test('malformed status never throws: fields of the wrong type read as absent', () => {
    for (const status of [null, 'x', 42, [], { conditions: 'nope' }, { conditions: [null, 1, { type: 7 }] }, { observedGeneration: 'x' }]) {
      for (const [apiVersion, kind] of [['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['v1', 'Pod'], ['v1', 'PersistentVolumeClaim'], ['v1', 'Service'], ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['example.com/v1', 'Widget']] as const) {
        const verdict = assessLive(apiVersion, kind, { apiVersion, kind, metadata: { name: 'x', generation: 1 }, spec: { type: 'LoadBalancer' }, status } as Json);
        assert.ok(verdict.reason.length > 0, `${kind} with status ${JSON.stringify(status)}`);
      }
    }
  });
});
