// Ownership from managedFields in the comparison: what git owned (removed
// from git), what only people changed (hand edits), what others own (not
// drift), and who changed each difference. Objects as a real API server
// returns them, with managedFields written out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareObject, type CompareContext } from '../../../src/kubediff/compare/compare.js';
import { roleDecider } from '../../../src/kubediff/ownership/index.js';
import type { Difference } from '../../../src/kubediff/result.js';

type Obj = Record<string, unknown>;
const T1 = '2026-12-01T09:00:00Z';
const T2 = '2026-12-01T09:15:00Z';

const entry = (manager: string, operation: string, fieldsV1: Obj, extra: Obj = {}): Obj => ({
  manager, operation, apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1, ...extra,
});

function configMap(data: Record<string, string>, managedFields: Obj[], metadata: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop', ...metadata, managedFields }, data };
}

const git = (data: Record<string, string>, metadata: Obj = {}): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop', ...metadata }, data });
const compare = (desired: Obj, live: Obj, context: Partial<CompareContext> = {}): Difference[] => compareObject(desired, live, { hpaTargeted: false, ...context }).differences;
const brief = (differences: Difference[]): string[] =>
  differences.map((d) => `${d.path} ${d.reason ?? d.kind}${d.changedBy ? ` by ${d.changedBy.manager}${d.changedBy.subresource ? `/${d.changedBy.subresource}` : ''}` : ''}`);

describe('ownership from managedFields', () => {
  test('a key the server-side applier owns and git no longer has is removed from git', () => {
    const live = configMap({ k1: 'a', k2: 'b' }, [entry('kubectl', 'Apply', { 'f:data': { 'f:k1': {}, 'f:k2': {} } })]);
    assert.deepEqual(compare(git({ k1: 'a' }), live), [{ path: '.data.k2', kind: 'unexpected-live', have: 'b', reason: 'removed-from-git' }]);
  });

  test('a key only an interactive manager owns is a hand edit, with who and when', () => {
    const live = configMap({ k1: 'a', k3: 'c' }, [
      entry('kubectl', 'Apply', { 'f:data': { 'f:k1': {} } }),
      entry('kubectl-patch', 'Update', { 'f:data': { 'f:k3': {} } }, { time: T2 }),
    ]);
    assert.deepEqual(compare(git({ k1: 'a' }), live), [
      { path: '.data.k3', kind: 'unexpected-live', have: 'c', reason: 'hand-edit', changedBy: { manager: 'kubectl-patch', operation: 'Update', time: T2 } },
    ]);
  });

  test('keys controllers and operators own are not drift; neither is what nobody owns', () => {
    const live = configMap({ k1: 'a', k4: 'd', k5: 'e' }, [
      entry('kubectl', 'Apply', { 'f:data': { 'f:k1': {} } }),
      entry('cert-operator', 'Update', { 'f:data': { 'f:k4': {} } }),
    ]);
    assert.deepEqual(compare(git({ k1: 'a' }), live), []);
  });

  test('a key another manager owns too stays when git drops it: not drift', () => {
    const live = configMap({ k1: 'a' }, [
      entry('kubectl', 'Apply', { 'f:data': { 'f:k1': {} }, 'f:metadata': { 'f:labels': { 'f:shared': {} } } }),
      entry('operator', 'Update', { 'f:metadata': { 'f:labels': { 'f:shared': {} } } }),
    ], { labels: { shared: 'yes' } });
    assert.deepEqual(compare(git({ k1: 'a' }), live), []);
  });

  test('two server-side appliers owning a key: applying one keeps it, so it is not removed', () => {
    const live = configMap({ k1: 'a', k2: 'b' }, [
      entry('kubectl', 'Apply', { 'f:data': { 'f:k1': {}, 'f:k2': {} } }),
      entry('flux', 'Apply', { 'f:data': { 'f:k2': {} } }),
    ]);
    assert.deepEqual(compare(git({ k1: 'a' }), live), []);
    assert.deepEqual(brief(compare(git({ k1: 'a' }), live, { roles: roleDecider({ appliers: ['kubectl'] }) })), []);
  });

  test('an item owning only part of which another manager holds is removed all the same (server-side apply drops the item)', () => {
    const deployment = (env: Obj[], managedFields?: Obj[]): Obj => ({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', ...(managedFields ? { managedFields } : {}) },
      spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27', env }] } } },
    });
    const containerFields = (env: Obj): Obj => ({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:env': env } } } } } });
    const live = deployment([{ name: 'A', value: '1' }, { name: 'B', value: 'hand' }], [
      entry('kubectl', 'Apply', containerFields({ 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} }, 'k:{"name":"B"}': { '.': {}, 'f:name': {} } })),
      entry('kubectl-set', 'Update', containerFields({ 'k:{"name":"B"}': { 'f:value': {} } })),
    ]);
    assert.deepEqual(brief(compare(deployment([{ name: 'A', value: '1' }]), live)), ['.spec.template.spec.containers[name=app].env[name=B] removed-from-git by kubectl-set']);
  });

  test('an Update entry also owns what the server defaulted: a default is neither a hand edit nor removed', () => {
    const live = {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'web', namespace: 'shop', managedFields: [
        entry('kubectl', 'Apply', { 'f:spec': { 'f:selector': {}, 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } } }),
        entry('kubectl-patch', 'Update', { 'f:spec': { 'f:type': {}, 'f:externalTrafficPolicy': {}, 'f:allocateLoadBalancerNodePorts': {} } }, { time: T2 }),
      ] },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31000 }], type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true, sessionAffinity: 'None' },
    };
    const desired = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    assert.deepEqual(compare(desired, live), [
      { path: '.spec.type', kind: 'unexpected-live', have: 'LoadBalancer', reason: 'hand-edit', changedBy: { manager: 'kubectl-patch', operation: 'Update', time: T2 } },
    ]);
  });

  test('an object made with kubectl create: the defaults kubectl-create owns are not hand edits, a label it set is', () => {
    const namespace = (labels: Obj, managedFields?: Obj[]): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels, ...(managedFields ? { managedFields } : {}) } });
    const live = namespace({ 'kubernetes.io/metadata.name': 'shop', team: 'a', owner: 'me' }, [
      entry('kubectl-create', 'Update', { 'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {}, 'f:team': {}, 'f:owner': {} } } }),
    ]);
    assert.deepEqual(brief(compare(namespace({ team: 'a' }), live)), ['.metadata.labels.owner hand-edit by kubectl-create']);
  });

  test('a changed value says who changed it, through a subresource too; the applier is never named', () => {
    const deployment = (replicas: number, image: string, managedFields?: Obj[]): Obj => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', ...(managedFields ? { managedFields } : {}) },
      spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } } },
    });
    const live = deployment(5, 'nginx:1.28', [
      entry('kubectl', 'Apply', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:name': {} } } } } } }),
      entry('kubectl', 'Update', { 'f:spec': { 'f:replicas': {} } }, { subresource: 'scale', time: T2 }),
      entry('kubectl-set', 'Update', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:image': {} } } } } } }),
    ]);
    const differences = compare(deployment(2, 'nginx:1.27'), live);
    assert.deepEqual(brief(differences), ['.spec.replicas changed by kubectl/scale', '.spec.template.spec.containers[name=app].image changed by kubectl-set']);
    assert.deepEqual(differences[0]?.changedBy, { manager: 'kubectl', operation: 'Update', time: T2, subresource: 'scale' });
    const appliedOnly = deployment(5, 'nginx:1.27', [entry('kubectl', 'Apply', { 'f:spec': { 'f:replicas': {} } })]);
    assert.equal(compare(deployment(2, 'nginx:1.27'), appliedOnly)[0]?.changedBy, undefined);
  });

  test('client-side apply: last-applied decides what was removed from git, even when a hand edit changed it since', () => {
    const applied = git({ k1: 'a', k2: 'b' });
    const live = configMap({ k1: 'a', k2: 'hand', k9: 'z' }, [
      entry('kubectl-client-side-apply', 'Update', { 'f:data': { '.': {}, 'f:k1': {} }, 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } }),
      entry('kubectl-edit', 'Update', { 'f:data': { 'f:k2': {}, 'f:k9': {} } }, { time: T2 }),
    ], { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) } });
    assert.deepEqual(brief(compare(git({ k1: 'a' }), live)), ['.data.k2 removed-from-git by kubectl-edit', '.data.k9 hand-edit by kubectl-edit']);
  });

  test('helm as the applier (Update entries, no last-applied): defaults it owns are not drift, a value git dropped is', () => {
    const deployment = (spec: Obj, managedFields?: Obj[]): Obj => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', ...(managedFields ? { managedFields } : {}) }, spec });
    const helmFields = { 'f:spec': { 'f:replicas': {}, 'f:progressDeadlineSeconds': {}, 'f:revisionHistoryLimit': {}, 'f:minReadySeconds': {}, 'f:strategy': { 'f:type': {}, 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} } } } };
    const live = deployment({ replicas: 2, progressDeadlineSeconds: 600, revisionHistoryLimit: 10, minReadySeconds: 30, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } }, [entry('helm', 'Update', helmFields)]);
    assert.deepEqual(brief(compare(deployment({ replicas: 2 }), live, { roles: roleDecider({ appliers: ['helm'] }) })), ['.spec.minReadySeconds removed-from-git']);
  });

  test('a value owned whole (an atomic map) carries its owner into its keys', () => {
    const pod = (nodeSelector: Obj, managedFields?: Obj[]): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', ...(managedFields ? { managedFields } : {}) }, spec: { nodeSelector } });
    const live = pod({ disk: 'ssd', zone: 'b' }, [entry('kubectl-edit', 'Update', { 'f:spec': { 'f:nodeSelector': {} } })]);
    assert.deepEqual(brief(compare(pod({ disk: 'ssd' }), live)), ['.spec.nodeSelector.zone hand-edit by kubectl-edit']);
  });

  test('an entry left holding a map without its keys (f:data: {}) does not own the keys others added', () => {
    const live = configMap({ k1: 'a', token: 'by-hand' }, [
      entry('kubediff-test', 'Update', { 'f:data': {} }),
      entry('kubectl-edit', 'Update', { 'f:data': { 'f:token': {} } }, { time: T2 }),
    ]);
    assert.deepEqual(brief(compare(git({ k1: 'a' }), live)), ['.data.token hand-edit by kubectl-edit']);
  });

  test('inside a list the applier owns whole (volumeClaimTemplates), what the server added is not drift; the list git dropped is', () => {
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const liveClaim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { ...claim.spec, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } };
    const statefulSet = (spec: Obj, managedFields?: Obj[]): Obj => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop', ...(managedFields ? { managedFields } : {}) }, spec });
    const live = statefulSet({ serviceName: 'db', volumeClaimTemplates: [liveClaim] }, [entry('flux', 'Apply', { 'f:spec': { 'f:serviceName': {}, 'f:volumeClaimTemplates': {} } })]);
    assert.deepEqual(compare(statefulSet({ serviceName: 'db', volumeClaimTemplates: [claim] }), live), []);
    assert.deepEqual(brief(compare(statefulSet({ serviceName: 'db' }), live)), ['.spec.volumeClaimTemplates removed-from-git']);
  });

  test('more interactive managers and named appliers change the roles', () => {
    const live = configMap({ k1: 'a', k2: 'b' }, [
      entry('argocd-controller', 'Apply', { 'f:data': { 'f:k1': {} } }),
      entry('my-script', 'Update', { 'f:data': { 'f:k2': {} } }),
      entry('kubectl-client-side-apply', 'Update', { 'f:data': { 'f:k3': {} } }),
    ]);
    const desired = git({ k1: 'a' });
    assert.deepEqual(brief(compare(desired, live)), []);
    assert.deepEqual(brief(compare(desired, live, { roles: roleDecider({ handEditManagers: ['my-script'] }) })), ['.data.k2 hand-edit by my-script']);
  });

  test('managedFields that cannot be read are counted, not guessed from', () => {
    const live = configMap({ k1: 'a', k2: 'b' }, [entry('kubectl', 'Apply', { 'f:data': { NaN: {}, 'f:k2': {} } }), { manager: 'x', fieldsType: 'FieldsV2', fieldsV1: {} }]);
    const result = compareObject(git({ k1: 'a' }), live, { hpaTargeted: false });
    assert.deepEqual(result.differences, []);
    assert.equal(result.unreadableManagedFields, 2);
  });
});
