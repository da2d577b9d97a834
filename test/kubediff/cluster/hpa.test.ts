import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer, KubeObject } from '../../support/apiserver/index.js';
import { objectKey } from '../../../src/kubediff/cluster/index.js';
import { ClusterError } from '../../../src/errors.js';
import { countsOf, deployment, readerFor, startServer } from './harness.js';

function hpa(namespace: string, name: string, target: Record<string, string>): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace },
    spec: { scaleTargetRef: target, minReplicas: 1, maxReplicas: 5 },
  };
}

describe('listHpaTargets', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer();
    server.apply(deployment('shop', 'web'));
    server.apply(hpa('shop', 'web', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }));
    server.apply(hpa('shop', 'db', { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }));
    server.apply(hpa('other', 'api', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }));
  });
  after(() => server.close());

  const web = objectKey({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
  const db = objectKey({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'shop', name: 'db' });
  const api = objectKey({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'other', name: 'api' });

  test('returns the objectKeys of the scale targets in the given namespaces, one LIST per namespace', async () => {
    const reader = readerFor(server);
    const targets = await reader.listHpaTargets(['shop']);
    assert.deepEqual([...targets].sort(), [db, web].sort());
    assert.ok(targets.has(objectKey({ apiVersion: 'apps/v1beta2', kind: 'Deployment', namespace: 'shop', name: 'web' })), 'version-independent');
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'list 200': 1 });
    assert.equal(server.requestLog.filter({ verb: 'list', resource: 'horizontalpodautoscalers' }).at(-1)?.version, 'v2');
  });

  test("'all' lists every namespace at once", async () => {
    const reader = readerFor(server);
    assert.deepEqual([...(await reader.listHpaTargets('all'))].sort(), [api, db, web].sort());
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'list 200': 1 });
  });

  test('a forbidden list is a ClusterError: replicas must not be reported as drift blindly', async () => {
    server.faults.forbid({ resource: 'horizontalpodautoscalers' });
    try {
      const reader = readerFor(server);
      await assert.rejects(reader.listHpaTargets(['shop']), (err) => err instanceof ClusterError && err.status === 403);
    } finally {
      server.faults.clear();
    }
  });
});
