// The REST verbs over HTTP: create, get, list (selectors, pagination), update
// with conflicts, delete, and the Status errors a real server sends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';

const CM = '/api/v1/namespaces/default/configmaps';

function configMap(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data: { name } };
}

describe('REST verbs', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer();
  });
  after(() => server.close());

  test('create returns 201 with server-owned metadata; get returns the same object', async () => {
    const created = await call(server, 'POST', CM, { body: configMap('one', { app: 'a' }) });
    assert.equal(created.status, 201);
    assert.match(created.body.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(created.body.metadata.resourceVersion, /^\d+$/);
    assert.match(created.body.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(created.body.metadata.namespace, 'default');
    const read = await call(server, 'GET', `${CM}/one`);
    assert.deepEqual(read.body, created.body);
  });

  test('create of an existing name is 409 AlreadyExists', async () => {
    const again = await call(server, 'POST', CM, { body: configMap('one') });
    assert.equal(again.status, 409);
    assert.deepEqual(again.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'configmaps "one" already exists', reason: 'AlreadyExists',
      details: { name: 'one', kind: 'configmaps' }, code: 409,
    });
  });

  test('get of a missing object is 404 NotFound naming the group-qualified resource', async () => {
    const missing = await call(server, 'GET', '/apis/apps/v1/namespaces/default/deployments/ghost');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.reason, 'NotFound');
    assert.equal(missing.body.message, 'deployments.apps "ghost" not found');
    assert.deepEqual(missing.body.details, { name: 'ghost', group: 'apps', kind: 'deployments' });
  });

  test('a namespaced create in a missing namespace is 404 for the namespace', async () => {
    const result = await call(server, 'POST', '/api/v1/namespaces/nowhere/configmaps', { body: configMap('x') });
    assert.equal(result.status, 404);
    assert.equal(result.body.message, 'namespaces "nowhere" not found');
  });

  test('an invalid name is 422 Invalid with a cause', async () => {
    const result = await call(server, 'POST', CM, { body: configMap('Not_Valid') });
    assert.equal(result.status, 422);
    assert.equal(result.body.reason, 'Invalid');
    assert.equal(result.body.details.causes[0].field, 'metadata.name');
  });

  test('update with a stale resourceVersion is 409 Conflict; with the current one it succeeds', async () => {
    const current = (await call(server, 'GET', `${CM}/one`)).body;
    const updated = await call(server, 'PUT', `${CM}/one`, { body: { ...current, data: { name: 'changed' } } });
    assert.equal(updated.status, 200);
    assert.notEqual(updated.body.metadata.resourceVersion, current.metadata.resourceVersion);
    const stale = await call(server, 'PUT', `${CM}/one`, { body: { ...current, data: { name: 'again' } } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.match(stale.body.message, /the object has been modified; please apply your changes to the latest version and try again/);
  });

  test('a no-op update keeps the resourceVersion', async () => {
    const current = (await call(server, 'GET', `${CM}/one`)).body;
    const same = await call(server, 'PUT', `${CM}/one`, { body: current });
    assert.equal(same.body.metadata.resourceVersion, current.metadata.resourceVersion);
  });

  test('list filters by label and field selectors; built-in list items carry no apiVersion/kind', async () => {
    for (const [name, tier] of [['two', 'front'], ['three', 'back'], ['four', 'front']] as const) {
      await call(server, 'POST', CM, { body: configMap(name, { tier }) });
    }
    const front = await call(server, 'GET', `${CM}?labelSelector=${encodeURIComponent('tier in (front)')}`);
    assert.equal(front.body.kind, 'ConfigMapList');
    assert.deepEqual(front.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['four', 'two']);
    assert.equal(front.body.items[0].kind, undefined);
    const notFront = await call(server, 'GET', `${CM}?labelSelector=${encodeURIComponent('tier,tier!=front')}`);
    assert.deepEqual(notFront.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['three']);
    const byName = await call(server, 'GET', `/api/v1/configmaps?fieldSelector=metadata.name%3Dtwo`);
    assert.deepEqual(byName.body.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace), ['default']);
  });

  test('limit/continue pages through a list; expired tokens get 410 Expired', async () => {
    const first = await call(server, 'GET', `${CM}?limit=2`);
    assert.equal(first.body.items.length, 2);
    assert.equal(first.body.metadata.remainingItemCount, 2);
    const token = first.body.metadata.continue as string;
    const second = await call(server, 'GET', `${CM}?limit=2&continue=${encodeURIComponent(token)}`);
    assert.equal(second.body.items.length, 2);
    assert.equal(second.body.metadata.continue, undefined);
    const names = [...first.body.items, ...second.body.items].map((i: { metadata: { name: string } }) => i.metadata.name);
    assert.deepEqual(names, ['four', 'one', 'three', 'two']);

    server.faults.expireContinueTokens();
    const expired = await call(server, 'GET', `${CM}?limit=2&continue=${encodeURIComponent(token)}`);
    assert.equal(expired.status, 410);
    assert.equal(expired.body.reason, 'Expired');
  });

  test('continue tokens expire by age when the server has a TTL (checked against its clock)', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const aging = await startApiServer({ continueTokenTtlMs: 60_000, now: () => new Date(now) });
    try {
      for (const name of ['a', 'b', 'c']) aging.apply(configMap(name));
      const first = await call(aging, 'GET', `${CM}?limit=1`);
      const next = `${CM}?limit=1&continue=${encodeURIComponent(first.body.metadata.continue)}`;
      now += 30_000;
      assert.equal((await call(aging, 'GET', next)).status, 200);
      now += 31_000;
      const expired = await call(aging, 'GET', next);
      assert.equal(expired.status, 410);
      assert.equal(expired.body.reason, 'Expired');
    } finally {
      await aging.close();
    }
  });

  test('delete returns the object and it is gone', async () => {
    const deleted = await call(server, 'DELETE', `${CM}/four`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.metadata.name, 'four');
    assert.equal((await call(server, 'GET', `${CM}/four`)).status, 404);
  });

  test('finalizers hold a deleted object until the last one is removed', async () => {
    await call(server, 'POST', CM, { body: { ...configMap('held'), metadata: { name: 'held', finalizers: ['example.com/cleanup'] } } });
    const deleted = await call(server, 'DELETE', `${CM}/held`);
    assert.equal(deleted.status, 200);
    assert.match(deleted.body.metadata.deletionTimestamp, /Z$/);
    assert.equal((await call(server, 'GET', `${CM}/held`)).status, 200, 'still there while a finalizer remains');
    const released = await call(server, 'PATCH', `${CM}/held`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    assert.equal(released.status, 200);
    assert.equal((await call(server, 'GET', `${CM}/held`)).status, 404);
  });

  test('a PUT to the status subresource changes only the status', async () => {
    const deployment = server.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    const path = '/apis/apps/v1/namespaces/default/deployments/web/status';
    const result = await call(server, 'PUT', path, { body: { ...deployment, spec: { replicas: 9 }, status: { replicas: 7 } } });
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.status, { replicas: 7 });
    assert.equal(result.body.spec.replicas, 1);
  });

  test('unknown paths and resources are 404 with a Status', async () => {
    const result = await call(server, 'GET', '/apis/nope.example.com/v1/things');
    assert.equal(result.status, 404);
    assert.equal(result.body.kind, 'Status');
  });
});
