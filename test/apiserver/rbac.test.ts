// RBAC authorization: a service account token is allowed exactly what the
// stored (Cluster)Roles and bindings grant; kubectl auth can-i agrees.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serviceAccountUser, startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';
import { createKubectl, type Kubectl } from './kubectl.js';

const SA_TOKEN = 'service-account-token';
const rbac = [
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'read-all' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'read-all' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'read-all' }, subjects: [{ kind: 'ServiceAccount', name: 'kubediff', namespace: 'kubediff' }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'edit-one', namespace: 'scratch' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['update', 'patch'], resourceNames: ['editable'] }, { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] }] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'edit-one', namespace: 'scratch' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'edit-one' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:kubediff' }] },
];

describe('RBAC authorization', () => {
  let server: ApiServer;
  let kubectl: Kubectl;
  let dir: string;
  const asSa = { token: SA_TOKEN };

  before(async () => {
    server = await startApiServer({ tls: true, authorization: 'RBAC', users: [serviceAccountUser('kubediff', 'kubediff', SA_TOKEN)] });
    for (const obj of rbac) server.apply(obj);
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'editable', namespace: 'scratch' } });
    dir = await mkdtemp(join(tmpdir(), 'kubediff-rbac-'));
    const kubeconfig = join(dir, 'sa');
    await server.writeKubeconfig(kubeconfig, asSa);
    kubectl = await createKubectl(kubeconfig);
  });
  after(async () => {
    await kubectl.cleanup();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a read-only ClusterRole lets the service account read everything, everywhere', async () => {
    assert.equal((await call(server, 'GET', '/api/v1/configmaps', asSa)).status, 200);
    assert.equal((await call(server, 'GET', '/apis/apps/v1/namespaces/default/deployments', asSa)).status, 200);
    assert.equal((await call(server, 'GET', '/apis', asSa)).status, 200, 'discovery is open to every authenticated user');
  });

  test('writes it was not granted are 403, naming the service account', async () => {
    const denied = await call(server, 'POST', '/api/v1/namespaces/default/configmaps', { ...asSa, body: { metadata: { name: 'x' } } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.message, 'configmaps is forbidden: User "system:serviceaccount:kubediff:kubediff" cannot create resource "configmaps" in API group "" in the namespace "default"');
  });

  test('a RoleBinding grants only in its namespace, and resourceNames only the named object', async () => {
    const patch = (name: string): Promise<{ status: number }> =>
      call(server, 'PATCH', `/api/v1/namespaces/scratch/configmaps/${name}`, { ...asSa, body: { data: { a: '1' } }, contentType: 'application/merge-patch+json' });
    assert.equal((await call(server, 'POST', '/api/v1/namespaces/scratch/configmaps', { ...asSa, body: { metadata: { name: 'other' } } })).status, 201);
    assert.equal((await patch('editable')).status, 200);
    assert.equal((await patch('other')).status, 403);
  });

  test('the admin token may do anything; no token is 401', async () => {
    assert.equal((await call(server, 'POST', '/api/v1/namespaces/default/configmaps', { token: server.token, body: { metadata: { name: 'admin' } } })).status, 201);
    assert.equal((await call(server, 'GET', '/api/v1/configmaps')).status, 401);
  });

  test('kubectl auth can-i answers by the same rules', async () => {
    const yes = await kubectl.run(['auth', 'can-i', 'list', 'deployments.apps', '--all-namespaces']);
    assert.equal(yes.stdout.trim(), 'yes', yes.stderr);
    const no = await kubectl.run(['auth', 'can-i', 'delete', 'secrets', '-n', 'default']);
    assert.equal(no.stdout.trim(), 'no');
    assert.equal(no.code, 1);
    const named = await kubectl.run(['auth', 'can-i', 'patch', 'configmaps/editable', '-n', 'scratch']);
    assert.equal(named.stdout.trim(), 'yes', named.stderr);
  });
});
