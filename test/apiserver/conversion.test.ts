// One object, several served versions: autoscaling/v1 and v2 HorizontalPodAutoscalers
// convert into each other; a custom resource only changes its apiVersion.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';

const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

describe('version conversion', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer();
  });
  after(() => server.close());

  test('autoscaling is served at v2 (preferred) and v1', async () => {
    const group = (await call(server, 'GET', '/apis/autoscaling')).body;
    assert.deepEqual(group.versions.map((v: { version: string }) => v.version), ['v2', 'v1']);
    assert.equal(group.preferredVersion.version, 'v2');
  });

  test('an HPA created at v1 reads at v2 with a CPU metric, and back at v1 unchanged', async () => {
    const created = await call(server, 'POST', V1, { body: { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } } });
    assert.equal(created.status, 201);
    assert.equal(created.body.apiVersion, 'autoscaling/v1');
    assert.deepEqual(created.body.spec, { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 });
    const v2 = (await call(server, 'GET', `${V2}/web`)).body;
    assert.equal(v2.apiVersion, 'autoscaling/v2');
    assert.deepEqual(v2.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    const list = (await call(server, 'GET', V1)).body;
    assert.equal(list.apiVersion, 'autoscaling/v1');
    assert.equal(list.items[0].spec.targetCPUUtilizationPercentage, 70);
  });

  test('an HPA created at v2 without metrics gets the default 80% CPU target, seen from v1 too', async () => {
    await call(server, 'POST', V2, { body: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api' }, spec: { scaleTargetRef: target, maxReplicas: 3 } } });
    const v1 = (await call(server, 'GET', `${V1}/api`)).body;
    assert.equal(v1.spec.targetCPUUtilizationPercentage, 80);
    assert.equal(v1.spec.minReplicas, 1);
  });

  test('a merge patch at v1 changes the stored object', async () => {
    const patched = await call(server, 'PATCH', `${V1}/web`, { body: { spec: { targetCPUUtilizationPercentage: 50 } }, contentType: 'application/merge-patch+json' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.spec.targetCPUUtilizationPercentage, 50);
    const v2 = (await call(server, 'GET', `${V2}/web`)).body;
    assert.equal(v2.spec.metrics[0].resource.target.averageUtilization, 50);
  });
});
