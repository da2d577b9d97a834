// Discovery and OpenAPI documents: /version, /api, /apis (plain and
// aggregated), resource lists, CRDs appearing and disappearing, /openapi/v3.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'backups.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'backups', kind: 'Backup', shortNames: ['bk'] },
    versions: [
      { name: 'v1beta1', served: true, storage: false },
      { name: 'v1', served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
    ],
  },
};

describe('discovery', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ minorVersion: 29 });
  });
  after(() => server.close());

  test('/version reports the configured minor version', async () => {
    const { body } = await call(server, 'GET', '/version');
    assert.equal(body.major, '1');
    assert.equal(body.minor, '29');
    assert.equal(body.gitVersion, 'v1.29.0');
  });

  test('plain discovery: APIVersions, APIGroupList, APIResourceList with subresources', async () => {
    assert.deepEqual((await call(server, 'GET', '/api')).body.versions, ['v1']);
    const groups = (await call(server, 'GET', '/apis')).body;
    assert.equal(groups.kind, 'APIGroupList');
    const apps = groups.groups.find((g: { name: string }) => g.name === 'apps');
    assert.deepEqual(apps.preferredVersion, { groupVersion: 'apps/v1', version: 'v1' });
    const resources = (await call(server, 'GET', '/apis/apps/v1')).body;
    assert.equal(resources.kind, 'APIResourceList');
    const names = resources.resources.map((r: { name: string }) => r.name);
    assert.ok(names.includes('deployments') && names.includes('deployments/scale') && names.includes('deployments/status'));
    const scale = resources.resources.find((r: { name: string }) => r.name === 'deployments/scale');
    assert.deepEqual([scale.group, scale.version, scale.kind], ['autoscaling', 'v1', 'Scale']);
  });

  test('aggregated discovery when Accept asks for apidiscovery.k8s.io/v2', async () => {
    const result = await call(server, 'GET', '/apis', { accept: AGGREGATED });
    assert.equal(result.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(result.body.kind, 'APIGroupDiscoveryList');
    const batch = result.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'batch');
    const cronjobs = batch.versions[0].resources.find((r: { resource: string }) => r.resource === 'cronjobs');
    assert.deepEqual([cronjobs.scope, cronjobs.responseKind.kind, cronjobs.shortNames[0]], ['Namespaced', 'CronJob', 'cj']);
    const core = (await call(server, 'GET', '/api', { accept: AGGREGATED })).body;
    assert.equal(core.items.length, 1);
    assert.ok(core.items[0].versions[0].resources.some((r: { resource: string }) => r.resource === 'configmaps'));
  });

  test('a CRD serves its kinds at every served version, preferred first; deleting it removes them', async () => {
    assert.equal((await call(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd })).status, 201);
    const group = (await call(server, 'GET', '/apis/example.com')).body;
    assert.deepEqual(group.versions.map((v: { version: string }) => v.version), ['v1', 'v1beta1']);
    const v1 = (await call(server, 'GET', '/apis/example.com/v1')).body;
    assert.deepEqual(v1.resources.map((r: { name: string }) => r.name), ['backups', 'backups/status', 'backups/scale']);

    const created = await call(server, 'POST', '/apis/example.com/v1beta1/namespaces/default/backups', { body: { apiVersion: 'example.com/v1beta1', kind: 'Backup', metadata: { name: 'nightly' }, spec: { replicas: 1 } } });
    assert.equal(created.status, 201);
    const asV1 = (await call(server, 'GET', '/apis/example.com/v1/namespaces/default/backups/nightly')).body;
    assert.equal(asV1.apiVersion, 'example.com/v1');
    const list = (await call(server, 'GET', '/apis/example.com/v1/backups')).body;
    assert.equal(list.items[0].kind, 'Backup', 'custom resource list items keep apiVersion and kind');
    const scaled = await call(server, 'PATCH', '/apis/example.com/v1/namespaces/default/backups/nightly/scale', { body: { spec: { replicas: 4 } }, contentType: 'application/merge-patch+json' });
    assert.equal(scaled.body.spec.replicas, 4);

    assert.equal((await call(server, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.example.com')).status, 200);
    assert.equal((await call(server, 'GET', '/apis/example.com/v1')).status, 404);
    assert.equal((await call(server, 'GET', '/apis/example.com/v1/namespaces/default/backups/nightly')).status, 404);
    const groups = (await call(server, 'GET', '/apis')).body.groups.map((g: { name: string }) => g.name);
    assert.ok(!groups.includes('example.com'));
  });

  test('/openapi/v3 lists a document per group-version that declares fieldValidation for each kind', async () => {
    const index = (await call(server, 'GET', '/openapi/v3')).body;
    const url = index.paths['apis/apps/v1'].serverRelativeURL as string;
    assert.match(url, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const document = (await call(server, 'GET', url)).body;
    const item = document.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    assert.deepEqual(item.patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(item.patch.parameters.some((p: { name: string; in: string }) => p.name === 'fieldValidation' && p.in === 'query'));
    assert.ok(index.paths['api/v1']);
  });
});
