// One test per row of FALSE-POSITIVES.md (no false alarm), through the public API.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareObject, COMPARE_RULES } from '../../../src/kubediff/compare/compare.js';
import { applied, deployment, noHpa, paths, type Obj } from './helpers.js';

describe('compareObject: rules against false alarms', () => {
  test('every rule has an id and an explanation', () => {
    assert.equal(new Set(COMPARE_RULES.map((rule) => rule.id)).size, 18);
    for (const rule of COMPARE_RULES) assert.match(rule.explanation, /\S.{10,}/);
  });

  test('1 quantity: quantities compare by value, recorded as suppressed', () => {
    const git = deployment({ resources: { limits: { cpu: '1000m', memory: '1Gi' }, requests: { cpu: 0.5, memory: 1 } } });
    const live = deployment({ resources: { limits: { cpu: '1', memory: '1024Mi' }, requests: { cpu: '500m', memory: '1' } } });
    const result = compareObject(git, applied(git, live), noHpa);
    assert.deepEqual(result.differences, []);
    assert.equal(result.diff, '');
    const rules = result.suppressed.map((s) => `${s.path} ${s.rule}`);
    assert.ok(rules.includes('.spec.template.spec.containers[name=app].resources.limits.cpu quantity'));
    assert.ok(rules.includes('.spec.template.spec.containers[name=app].resources.limits.memory quantity'));
    assert.ok(rules.includes('.spec.template.spec.containers[name=app].resources.requests.cpu quantity'));
  });

  test('1 quantity: a different quantity is drift', () => {
    const git = deployment({ resources: { limits: { memory: '1Gi' } } });
    const live = deployment({ resources: { limits: { memory: '1G' } } });
    const result = compareObject(git, live, noHpa);
    assert.deepEqual(result.differences, [
      { path: '.spec.template.spec.containers[name=app].resources.limits.memory', kind: 'changed', want: '1Gi', have: '1G' },
    ]);
  });

  test('1 quantity: ResourceQuota, LimitRange, PVC and emptyDir sizes', () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '2', 'limits.memory': '2Gi' } } };
    const quotaLive = { ...quota, spec: { hard: { 'requests.cpu': '2000m', 'limits.memory': '2048Mi' } } };
    assert.deepEqual(compareObject(quota, quotaLive, noHpa).differences, []);

    const range = { kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '0.5' }, default: { memory: '512Mi' } }] } };
    const rangeLive = { ...range, spec: { limits: [{ type: 'Container', max: { cpu: '500m' }, default: { memory: '0.5Gi' } }] } };
    assert.deepEqual(compareObject(range, rangeLive, noHpa).differences, []);

    const pvc = { kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { resources: { requests: { storage: '1024Mi' } } } };
    const pvcLive = { ...pvc, spec: { resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' } };
    assert.deepEqual(compareObject(pvc, pvcLive, noHpa).differences, []);

    const pod = (sizeLimit: unknown): Obj => deployment({}, { template: { spec: { containers: [{ name: 'app', image: 'x' }], volumes: [{ name: 'tmp', emptyDir: { sizeLimit } }] } } });
    assert.deepEqual(compareObject(pod('1Gi'), pod('1024Mi'), noHpa).differences, []);
    assert.equal(compareObject(pod('1Gi'), pod('2Gi'), noHpa).differences.length, 1);
  });

  test('2 server defaults: fields absent from git are not compared', () => {
    const git = deployment({ ports: [{ containerPort: 80 }] });
    const live = deployment(
      { ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', resources: {} },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } }, progressDeadlineSeconds: 600 },
    );
    const result = compareObject(git, applied(git, live), noHpa);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed, [], 'server defaults are not worth recording');
  });

  test('3 empty, null and absent are equal', () => {
    const git = deployment({ env: [], args: null, securityContext: {}, resources: { limits: {} } }, { selector: null });
    const live = deployment({});
    assert.deepEqual(compareObject(git, live, noHpa).differences, []);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: '' , b: 'eA==' } };
    assert.deepEqual(compareObject(secret, { ...secret, data: { a: null, b: 'eA==' } }, noHpa).differences, []);
    assert.deepEqual(compareObject(secret, { ...secret, data: { b: 'eA==' } }, noHpa).differences, []);
  });

  test('3 but an empty label value is a value', () => {
    const git = { kind: 'ConfigMap', metadata: { name: 'c', labels: { tier: '' } }, data: { empty: '' } };
    const live = { kind: 'ConfigMap', metadata: { name: 'c', labels: {} }, data: {} };
    assert.deepEqual(paths(compareObject(git, live, noHpa)), ['.metadata.labels.tier', '.data.empty']);
  });

  test('4 hpa-replicas: replicas of an HPA-scaled workload are suppressed, saying so', () => {
    const git = deployment({});
    const live = { ...deployment({}), spec: { ...(deployment({}).spec as Obj), replicas: 7 } };
    const scaled = compareObject(git, live, { hpaTargeted: true });
    assert.deepEqual(scaled.differences, []);
    assert.deepEqual(scaled.suppressed, [{ path: '.spec.replicas', kind: 'changed', want: 2, have: 7, rule: 'hpa-replicas' }]);
    assert.deepEqual(paths(compareObject(git, live, noHpa)), ['.spec.replicas']);
  });

  test('5 secret-string-data: stringData is folded into base64 data and never printed', () => {
    const git = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2' }, data: { user: 'YWRtaW4=' } };
    const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { user: 'YWRtaW4=', password: Buffer.from('hunter2').toString('base64') } };
    assert.deepEqual(compareObject(git, live, noHpa).differences, []);

    const changed = { ...git, stringData: { password: 'swordfish' } };
    const result = compareObject(changed, applied(changed, live), noHpa);
    assert.deepEqual(paths(result), ['.data.password']);
    const output = JSON.stringify(result) + result.diff;
    for (const secret of ['hunter2', 'swordfish', Buffer.from('hunter2').toString('base64'), Buffer.from('swordfish').toString('base64'), 'YWRtaW4=']) {
      assert.ok(!output.includes(secret), `${secret} leaked: ${output}`);
    }
    assert.match(result.diff, /password: "?<masked: live value, differs>/);
    assert.match(result.diff, /password: "?<masked: git value>/);
  });

  test('6 ca-bundle: an injected caBundle is ignored when git leaves it empty', () => {
    const git = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'v' },
      webhooks: [{ name: 'w.example.com', clientConfig: { caBundle: '', service: { name: 's', namespace: 'n' } } }],
    };
    const live = { ...git, webhooks: [{ name: 'w.example.com', sideEffects: 'None', clientConfig: { caBundle: 'LS0tQ0VSVA==', service: { name: 's', namespace: 'n', port: 443 } } }] };
    const result = compareObject(git, applied(git, live), noHpa);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed.map((s) => [s.path, s.rule]), [['.webhooks[name=w.example.com].clientConfig.caBundle', 'ca-bundle']]);

    const crd = { kind: 'CustomResourceDefinition', metadata: { name: 'x.example.com' }, spec: { conversion: { strategy: 'Webhook', webhook: { clientConfig: { caBundle: '' } } } } };
    const crdLive = { ...crd, spec: { conversion: { strategy: 'Webhook', webhook: { clientConfig: { caBundle: 'Q0E=' } } } } };
    assert.deepEqual(compareObject(crd, applied(crd, crdLive), noHpa).differences, []);
    const apiService = { kind: 'APIService', metadata: { name: 'v1.x' }, spec: { caBundle: null, service: { name: 'm' } } };
    assert.deepEqual(compareObject(apiService, applied(apiService, { ...apiService, spec: { caBundle: 'Q0E=', service: { name: 'm' } } }), noHpa).differences, []);
  });

  test('6 but a caBundle git sets is compared', () => {
    const git = { kind: 'APIService', metadata: { name: 'v1.x' }, spec: { caBundle: 'T0xE' } };
    assert.deepEqual(paths(compareObject(git, { ...git, spec: { caBundle: 'TkVX' } }, noHpa)), ['.spec.caBundle']);
  });

  test('7 bookkeeping is never compared', () => {
    const git = deployment({});
    (git.metadata as Obj).creationTimestamp = null;
    (git.metadata as Obj).resourceVersion = '1';
    (git.metadata as Obj).annotations = { 'deployment.kubernetes.io/revision': '1' };
    const live = applied(git, deployment({}));
    const liveMetadata = live.metadata as Obj;
    Object.assign(liveMetadata, { creationTimestamp: '2024-01-01T00:00:00Z', generation: 9, managedFields: [{ manager: 'kubectl' }], uid: 'zz', resourceVersion: '99' });
    (liveMetadata.annotations as Obj)['deployment.kubernetes.io/revision'] = '12';
    const template = (live.spec as Obj).template as Obj;
    template.metadata = { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-02T00:00:00Z' }, creationTimestamp: null };
    assert.deepEqual(compareObject(git, live, noHpa).differences, []);
  });

  test('8 status is never compared, even from git', () => {
    const git = { ...deployment({}), status: { replicas: 2 } };
    const live = { ...deployment({}), status: { replicas: 1, conditions: [] } };
    assert.deepEqual(compareObject(git, applied(git, live), noHpa).differences, []);
  });

  test('9 merge-key: keyed lists match by key in any order; protocol defaults to TCP', () => {
    const git = deployment(
      { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }] },
      { template: { spec: { containers: [{ name: 'app', image: 'x' }, { name: 'sidecar', image: 'y' }], volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }] } } },
    );
    const live = deployment(
      { env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }], ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80, protocol: 'TCP' }] },
      { template: { spec: { containers: [{ name: 'sidecar', image: 'y' }, { name: 'app', image: 'x' }], volumes: [{ name: 'b', emptyDir: {} }, { name: 'a', emptyDir: {} }] } } },
    );
    assert.deepEqual(compareObject(git, live, noHpa).differences, []);
    const service = { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 'https' }] } };
    const serviceLive = { kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 443, protocol: 'TCP', targetPort: 'https' }, { port: 80, protocol: 'TCP', targetPort: 9090 }] } };
    assert.deepEqual(compareObject(service, serviceLive, noHpa).differences, [
      { path: '.spec.ports[port=80,protocol=TCP].targetPort', kind: 'changed', want: 8080, have: 9090 },
    ]);
  });

  test('9 merge-key: atomic lists are compared in order', () => {
    const git = deployment({ args: ['--a', '--b'] }, { template: { spec: { containers: [{ name: 'app', image: 'x', args: ['--a', '--b'] }], tolerations: [{ key: 'a' }, { key: 'b' }] } } });
    const live = deployment({}, { template: { spec: { containers: [{ name: 'app', image: 'x', args: ['--b', '--a'] }], tolerations: [{ key: 'b' }, { key: 'a' }] } } });
    assert.deepEqual(paths(compareObject(git, live, noHpa)), [
      '.spec.template.spec.containers[name=app].args[0]',
      '.spec.template.spec.containers[name=app].args[1]',
      '.spec.template.spec.tolerations[0].key',
      '.spec.template.spec.tolerations[1].key',
    ]);
  });

  test('10 aggregated-clusterrole: rules of an aggregated ClusterRole are ignored; rules: [] equals null', () => {
    const git = { kind: 'ClusterRole', metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'true' } }] }, rules: [] };
    const live = { ...git, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    const result = compareObject(git, applied(git, live), noHpa);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed.map((s) => s.rule), ['aggregated-clusterrole']);
    const plain = { kind: 'ClusterRole', metadata: { name: 'plain' }, rules: [] };
    assert.deepEqual(compareObject(plain, { ...plain, rules: null }, noHpa).differences, []);
    assert.deepEqual(paths(compareObject(plain, { ...plain, rules: [{ verbs: ['*'] }] }, noHpa)), ['.rules[0]']);
  });

  test('11 service-allocated: allocated Service fields compare as a subset; clusterIP "" is absent', () => {
    const git = { kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: '', type: 'NodePort', ipFamilies: ['IPv4'], ports: [{ port: 80 }] } };
    const live = {
      kind: 'Service',
      metadata: { name: 's' },
      spec: { clusterIP: '10.0.0.7', clusterIPs: ['10.0.0.7'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack', type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }] },
    };
    const result = compareObject(git, applied(git, live), noHpa);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed.map((s) => `${s.path} ${s.rule}`).sort(), ['.spec.clusterIP service-allocated', '.spec.ipFamilies[1] service-allocated']);
    const pinned = { ...git, spec: { ...git.spec, clusterIP: '10.0.0.8' } };
    assert.deepEqual(paths(compareObject(pinned, live, noHpa)), ['.spec.clusterIP']);
  });

  test('12 int-or-string: 80 equals "80", 1.0 equals 1', () => {
    const git = deployment({ readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 1.0 } }, { strategy: { rollingUpdate: { maxSurge: 1 } } });
    const live = deployment({ readinessProbe: { httpGet: { port: '8080' }, periodSeconds: 1 } }, { strategy: { rollingUpdate: { maxSurge: '1' } } });
    const result = compareObject(git, live, noHpa);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed.map((s) => s.rule), ['int-or-string', 'int-or-string']);
    const other = deployment({ readinessProbe: { httpGet: { port: '8081' } } });
    assert.equal(compareObject(git, other, noHpa).differences[0]?.path, '.spec.template.spec.containers[name=app].readinessProbe.httpGet.port');
  });

  test('13 endpoints-set: subsets, addresses and ports in another order', () => {
    const subset = (ips: string[], ports: Obj[]): Obj => ({ addresses: ips.map((ip) => ({ ip })), ports });
    const git = { kind: 'Endpoints', metadata: { name: 'e' }, subsets: [subset(['10.0.0.1', '10.0.0.2'], [{ port: 80 }, { port: 53, protocol: 'UDP' }]), subset(['10.0.1.1'], [{ port: 9000 }])] };
    const live = { kind: 'Endpoints', metadata: { name: 'e' }, subsets: [subset(['10.0.1.1'], [{ port: 9000, protocol: 'TCP' }]), subset(['10.0.0.2', '10.0.0.1'], [{ port: 53, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }])] };
    assert.deepEqual(compareObject(git, live, noHpa).differences, []);
    const extra = { ...live, subsets: [subset(['10.0.1.1', '10.0.1.2'], [{ port: 9000 }]), (live.subsets as Obj[])[1]] };
    assert.deepEqual(paths(compareObject(git, extra, noHpa)), ['.subsets[1].addresses[ip=10.0.1.2]']);
  });

  test('14 not-owned: annotations and labels added by controllers are not drift', () => {
    const git = deployment({});
    (git.metadata as Obj).labels = { app: 'web' };
    const live = applied(git);
    (live.metadata as Obj).labels = { app: 'web', 'pod-template-hash': 'abc' };
    ((live.metadata as Obj).annotations as Obj)['linkerd.io/inject'] = 'enabled';
    assert.deepEqual(compareObject(git, live, noHpa), { differences: [], suppressed: [], diff: '' });
  });

  test('15 image-digest: a digest pinned by a webhook is not drift, and is recorded', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const result = compareObject(deployment({}), deployment({ image: `nginx:1.25@${digest}` }), noHpa);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed.map((s) => s.rule), ['image-digest']);
    assert.equal(compareObject(deployment({}), deployment({ image: `nginx:1.26@${digest}` }), noHpa).differences.length, 1);
    assert.equal(compareObject(deployment({}), deployment({ image: 'nginx:1.25@sha256:short' }), noHpa).differences.length, 1);
  });
});
