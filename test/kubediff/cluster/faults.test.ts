// Transient failures are retried; refusals are errors for exactly the objects
// they concern; the rest of the check goes on.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../support/apiserver/index.js';
import { objectKey } from '../../../src/kubediff/cluster/index.js';
import { ClusterError } from '../../../src/errors.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';
import { configMap, countsOf, deployment, readerFor, startServer } from './harness.js';

const configMaps: ObjectRef[] = [0, 1, 2, 3].map((i) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: `cm-${i}` }));
const secrets: ObjectRef[] = [0, 1, 2].map((i) => ({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: `s-${i}` }));
const web: ObjectRef = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' };

describe('faults', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer();
    for (const r of configMaps) server.apply(configMap('default', r.name));
    for (const r of secrets) server.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: r.name, namespace: 'default' }, stringData: { a: 'b' } });
    server.apply(deployment('default', 'web'));
  });
  beforeEach(() => {
    server.faults.clear();
    server.requestLog.clear();
  });
  after(() => server.close());

  function allFound(results: Map<string, unknown>, refs: ObjectRef[]): void {
    for (const r of refs) assert.ok('object' in (results.get(objectKey(r)) as object), `${objectKey(r)} found`);
  }

  test('a 403 on one kind is an error for those objects only; the others are fetched', async () => {
    server.faults.forbid({ resource: 'secrets' });
    const reader = readerFor(server);
    const results = await reader.fetchObjects([...configMaps, ...secrets, web], await reader.discover());
    allFound(results, [...configMaps, web]);
    for (const r of secrets) {
      const result = results.get(objectKey(r));
      assert.ok(result && 'error' in result, objectKey(r));
      assert.ok(result.error instanceof ClusterError);
      assert.equal(result.error.status, 403);
      assert.equal(result.error.reason, 'forbidden');
      assert.equal(result.error.object, objectKey(r));
    }
    assert.equal(countsOf(reader)['list 403'], 1, 'a forbidden LIST is not retried');
  });

  test('a 429 storm with Retry-After is waited out', async () => {
    server.faults.failNext({ status: 429, retryAfterSeconds: 1, count: 2, resource: 'configmaps' });
    const reader = readerFor(server);
    const results = await reader.fetchObjects(configMaps, await reader.discover());
    allFound(results, configMaps);
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'list 429': 2, 'list 200': 1 });
  });

  test('dropped connections are retried', async () => {
    server.faults.failNext({ drop: true, count: 2, resource: 'configmaps' });
    server.faults.failNext({ drop: true, count: 1, resource: 'deployments' });
    const reader = readerFor(server);
    const results = await reader.fetchObjects([...configMaps, web], await reader.discover());
    allFound(results, [...configMaps, web]);
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'list error': 2, 'list 200': 1, 'get error': 1, 'get 200': 1 });
  });

  test('500 and 503 are retried, discovery included', async () => {
    server.faults.failNext({ status: 503, count: 1, path: '/apis' });
    server.faults.failNext({ status: 500, count: 1, resource: 'configmaps' });
    server.faults.failNext({ status: 503, count: 2, resource: 'deployments' });
    const reader = readerFor(server);
    const results = await reader.fetchObjects([...configMaps, web], await reader.discover());
    allFound(results, [...configMaps, web]);
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'discovery 503': 1, 'list 500': 1, 'list 200': 1, 'get 503': 2, 'get 200': 1 });
  });

  test('a server error that lasts is an error (with its status) for the objects concerned, after bounded retries', async () => {
    server.faults.failNext({ status: 503, count: 100, resource: 'deployments' });
    const reader = readerFor(server);
    const results = await reader.fetchObjects([...configMaps, web], await reader.discover());
    allFound(results, configMaps);
    const failed = results.get(objectKey(web));
    assert.ok(failed && 'error' in failed);
    assert.equal(failed.error.status, 503);
    assert.equal(countsOf(reader)['get 503'], 5, 'maxAttempts of the test policy');
  });

  test('a cancelled run stops with an aborted error and no further requests', async () => {
    const controller = new AbortController();
    const reader = readerFor(server, { signal: controller.signal });
    const discovery = await reader.discover();
    server.faults.failNext({ status: 429, retryAfterSeconds: 30, count: 1, resource: 'deployments' });
    const pending = reader.fetchObjects([web], discovery);
    // The 429 has arrived once the request is logged with its code; then cancel.
    while (server.requestLog.count({ verb: 'get', resource: 'deployments', code: 429 }) === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('shutting down'));
    const result = (await pending).get(objectKey(web));
    assert.ok(result && 'error' in result);
    assert.equal(result.error.reason, 'aborted');
    assert.equal(server.requestLog.count({ verb: 'get', resource: 'deployments' }), 1);
  });

  test('Retry-After beyond the run deadline ends the retries with the 429 as the error', async () => {
    server.faults.failNext({ status: 429, retryAfterSeconds: 120, count: 1, resource: 'deployments' });
    const reader = readerFor(server, { deadlineMs: 10_000 });
    const result = (await reader.fetchObjects([web], await reader.discover())).get(objectKey(web));
    assert.ok(result && 'error' in result);
    assert.equal(result.error.status, 429);
  });

  test('a hung request times out and is retried', async () => {
    server.faults.failNext({ hang: true, count: 1, resource: 'deployments' });
    const reader = readerFor(server, { requestTimeoutMs: 2000 });
    const results = await reader.fetchObjects([web], await reader.discover());
    allFound(results, [web]);
    const counts = countsOf(reader);
    assert.ok((counts['get error'] ?? 0) >= 1, 'the hung attempt counts as an error');
    assert.equal(counts['get 200'], 1);
  });
});
