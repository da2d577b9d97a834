// PATCH over HTTP: JSON merge patch, JSON patch and strategic merge patch with
// the directives kubectl sends ($setElementOrder, $patch, $retainKeys, ...).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const PATH = '/apis/apps/v1/namespaces/default/deployments/web';

function deployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', team: 'a' }, finalizers: ['example.com/a', 'example.com/b'] },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }, { containerPort: 443 }] },
            { name: 'sidecar', image: 'sidecar:1' },
          ],
        },
      },
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('PATCH', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer();
  });
  beforeEach(() => {
    // Release the finalizers first, or the deletion would wait for them.
    if (server.getObject('apps/v1', 'Deployment', 'web')) {
      server.apply({ ...deployment(), metadata: { name: 'web', finalizers: [] } });
      server.deleteObject('apps/v1', 'Deployment', 'web');
    }
    assert.equal(server.getObject('apps/v1', 'Deployment', 'web'), undefined);
    server.apply(deployment());
  });
  after(() => server.close());

  const patch = async (contentType: string, body: unknown, path = PATH): Promise<Json> => {
    const result = await call(server, 'PATCH', path, { body, contentType });
    assert.equal(result.status, 200, JSON.stringify(result.body));
    return result.body;
  };
  const containers = (obj: Json): Array<[string, string]> => obj.spec.template.spec.containers.map((c: Json) => [c.name, c.image]);

  test('strategic merge patch merges containers by name and keeps the others', async () => {
    const result = await patch(SMP, { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } });
    assert.deepEqual(containers(result), [['app', 'app:2'], ['sidecar', 'sidecar:1']]);
    assert.deepEqual(result.spec.template.spec.containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    assert.equal(result.metadata.generation, 2);
  });

  test('strategic merge patch as kubectl apply sends it: $setElementOrder and $patch: delete', async () => {
    const result = await patch(SMP, {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'app', image: 'app:3' }, { name: 'sidecar', $patch: 'delete' }] } } },
    });
    assert.deepEqual(containers(result), [['app', 'app:3']]);
  });

  test('$setElementOrder reorders keyed lists; env merges by name and ports by containerPort', async () => {
    const result = await patch(SMP, {
      spec: { template: { spec: {
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
        containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'B' }, { name: 'A' }], env: [{ name: 'B', value: 'two' }], ports: [{ containerPort: 443, name: 'https' }] }],
      } } },
    });
    assert.deepEqual(containers(result), [['sidecar', 'sidecar:1'], ['app', 'app:1']]);
    const app = result.spec.template.spec.containers[1];
    assert.deepEqual(app.env, [{ name: 'B', value: 'two' }, { name: 'A', value: '1' }]);
    assert.deepEqual(app.ports, [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP', name: 'https' }]);
  });

  test('null deletes a key; $retainKeys drops the keys it does not list', async () => {
    const result = await patch(SMP, { metadata: { labels: { team: null } }, spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    assert.deepEqual(result.metadata.labels, { app: 'web' });
    assert.deepEqual(result.spec.strategy, { type: 'Recreate' });
  });

  test('$deleteFromPrimitiveList removes finalizers; $patch: replace replaces a map', async () => {
    const result = await patch(SMP, { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'], labels: { $patch: 'replace', only: 'this' } } });
    assert.deepEqual(result.metadata.finalizers, ['example.com/b']);
    assert.deepEqual(result.metadata.labels, { only: 'this' });
  });

  test('JSON merge patch replaces lists and deletes with null', async () => {
    const result = await patch(MERGE, { metadata: { labels: { team: null } }, spec: { template: { spec: { containers: [{ name: 'only', image: 'only:1' }] } } } });
    assert.deepEqual(result.metadata.labels, { app: 'web' });
    assert.deepEqual(containers(result), [['only', 'only:1']]);
  });

  test('JSON patch applies operations in order; a failed test is 422', async () => {
    const result = await patch(JSON_PATCH, [
      { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'sidecar' },
      { op: 'remove', path: '/spec/template/spec/containers/1' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'app:9' },
      { op: 'add', path: '/metadata/labels/new~1key', value: 'v' },
    ]);
    assert.deepEqual(containers(result), [['app', 'app:9']]);
    assert.equal(result.metadata.labels['new/key'], 'v');
    const failed = await call(server, 'PATCH', PATH, { body: [{ op: 'test', path: '/metadata/name', value: 'other' }], contentType: JSON_PATCH });
    assert.equal(failed.status, 422);
    assert.equal(failed.body.reason, 'Invalid');
  });

  test('a resourceVersion in the patch is a precondition (409 Conflict when stale)', async () => {
    const stale = await call(server, 'PATCH', PATH, { body: { metadata: { resourceVersion: '1' }, spec: { replicas: 3 } }, contentType: MERGE });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
  });

  test('strategic merge patch merges Service ports by port', async () => {
    server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] } });
    const result = await patch(SMP, { spec: { ports: [{ port: 443, targetPort: 8443 }] } }, '/api/v1/namespaces/default/services/svc');
    assert.deepEqual(result.spec.ports.map((p: Json) => [p.port, p.targetPort]), [[80, 80], [443, 8443]]);
  });

  test('custom resources refuse strategic merge patch (415), as on a real server', async () => {
    server.seedObjects([{ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'default' }, spec: { a: 1 } }]);
    const path = '/apis/example.com/v1/namespaces/default/gadgets/g';
    const refused = await call(server, 'PATCH', path, { body: { spec: { a: 2 } }, contentType: SMP });
    assert.equal(refused.status, 415);
    assert.equal(refused.body.reason, 'UnsupportedMediaType');
    const merged = await patch(MERGE, { spec: { b: 2 } }, path);
    assert.deepEqual(merged.spec, { a: 1, b: 2 });
  });
});
