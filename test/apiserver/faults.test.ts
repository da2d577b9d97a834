// Fault injection and the request log: failing, dropped and hanging requests,
// latency, 403 rules, and counters by verb, resource and code.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';

const CM = '/api/v1/namespaces/default/configmaps';

describe('fault injection and request log', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer();
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { a: '1' } });
  });
  afterEach(() => {
    server.faults.clear();
    server.requestLog.clear();
  });
  after(() => server.close());

  test('the next N matching requests fail with 503, then requests succeed again', async () => {
    server.faults.failNext({ status: 503, count: 2, resource: 'configmaps' });
    assert.equal((await call(server, 'GET', '/version')).status, 200, 'other requests are not affected');
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call(server, 'GET', CM)).status);
    assert.deepEqual(codes, [503, 503, 200]);
    assert.equal(server.requestLog.count({ verb: 'list', resource: 'configmaps', code: 503 }), 2);
    assert.deepEqual(server.requestLog.counts({ resource: 'configmaps' }), { 'list configmaps 503': 2, 'list configmaps 200': 1 });
  });

  test('429 carries Retry-After, in the header and the Status details', async () => {
    server.faults.failNext({ status: 429, retryAfterSeconds: 7 });
    const result = await call(server, 'GET', CM);
    assert.equal(result.status, 429);
    assert.equal(result.headers.get('retry-after'), '7');
    assert.equal(result.body.reason, 'TooManyRequests');
    assert.equal(result.body.details.retryAfterSeconds, 7);
  });

  test('500 is an InternalError Status', async () => {
    server.faults.failNext({ status: 500, verb: 'get' });
    assert.equal((await call(server, 'GET', CM)).status, 200, 'a list is not a get');
    const result = await call(server, 'GET', `${CM}/one`);
    assert.equal(result.status, 500);
    assert.equal(result.body.reason, 'InternalError');
  });

  test('faults can match a path prefix or a regular expression', async () => {
    server.faults.failNext({ status: 500, path: '/apis/apps/' });
    server.faults.failNext({ status: 503, path: /\/one$/ });
    assert.equal((await call(server, 'GET', CM)).status, 200);
    assert.equal((await call(server, 'GET', `${CM}/one`)).status, 503);
    assert.equal((await call(server, 'GET', '/apis/apps/v1/deployments')).status, 500);
  });

  test('a dropped connection fails the client without a response', async () => {
    server.faults.failNext({ drop: true });
    await assert.rejects(call(server, 'GET', CM));
    assert.equal(server.requestLog.count({ resource: 'configmaps', code: 0 }), 1);
    assert.equal((await call(server, 'GET', CM)).status, 200);
  });

  test('a hanging request never answers (the client gives up)', { timeout: 20_000 }, async () => {
    server.faults.failNext({ hang: true, resource: 'configmaps' });
    const controller = new AbortController();
    const pending = fetch(`${server.url}${CM}`, { signal: controller.signal });
    // Give up only once the server has the request, however slow the machine is.
    while (server.requestLog.count({ resource: 'configmaps' }) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(server.requestLog.count({ resource: 'configmaps', code: 0 }), 1, 'no answer was sent');
    controller.abort();
    await assert.rejects(pending, /abort/i);
  });

  test('latency is added before every request', async () => {
    server.faults.latencyMs = 150;
    const started = performance.now();
    assert.equal((await call(server, 'GET', '/version')).status, 200);
    assert.ok(performance.now() - started >= 140);
  });

  test('403 for a chosen resource or namespace, worded like RBAC', async () => {
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'kube-system' } });
    server.faults.forbid({ namespace: 'kube-system' });
    const denied = await call(server, 'GET', '/api/v1/namespaces/kube-system/configmaps/x');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.reason, 'Forbidden');
    assert.equal(denied.body.message, 'configmaps "x" is forbidden: User "system:anonymous" cannot get resource "configmaps" in API group "" in the namespace "kube-system"');
    assert.equal((await call(server, 'GET', `${CM}/one`)).status, 200);
    server.faults.forbid({ resource: 'deployments', group: 'apps' });
    const clusterWide = await call(server, 'GET', '/apis/apps/v1/deployments');
    assert.equal(clusterWide.body.message, 'deployments.apps is forbidden: User "system:anonymous" cannot list resource "deployments" in API group "apps" at the cluster scope');
  });

  test('the request log records verb, resource, namespace, name and user agent', async () => {
    await fetch(`${server.url}${CM}/one`, { headers: { 'user-agent': 'kubediff/test' } });
    const [entry] = server.requestLog.filter({ name: 'one' });
    assert.deepEqual(
      { verb: entry?.verb, resource: entry?.resource, namespace: entry?.namespace, code: entry?.code, userAgent: entry?.userAgent, method: entry?.method },
      { verb: 'get', resource: 'configmaps', namespace: 'default', code: 200, userAgent: 'kubediff/test', method: 'GET' },
    );
  });
});
