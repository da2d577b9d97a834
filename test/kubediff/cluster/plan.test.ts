// The request budget: discovery plus one LIST (and its pages) per type and
// namespace at most, however many objects.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer, KubeObject } from '../../support/apiserver/index.js';
import { objectKey } from '../../../src/kubediff/cluster/index.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';
import { configMap, countsOf, deployment, readerFor, startServer } from './harness.js';

const namespaces = Array.from({ length: 20 }, (_, i) => `ns-${i}`);

function refOf(obj: KubeObject): ObjectRef {
  const meta = obj.metadata as { name: string; namespace: string };
  return { apiVersion: String(obj.apiVersion), kind: String(obj.kind), namespace: meta.namespace, name: meta.name };
}

describe('request budget', () => {
  let server: ApiServer;
  const objects: KubeObject[] = [];
  before(async () => {
    server = await startServer();
    for (const ns of namespaces) {
      for (let i = 0; i < 30; i++) objects.push(configMap(ns, `cm-${i}`));
      for (let i = 0; i < 10; i++) objects.push(deployment(ns, `web-${i}`));
    }
    server.seedObjects(objects);
  });
  beforeEach(() => {
    server.requestLog.clear();
    server.faults.clear();
  });
  after(() => server.close());

  test('many objects in 20 namespaces: discovery plus one LIST per type across all namespaces', async () => {
    const reader = readerFor(server);
    const refs = objects.map(refOf);
    const results = await reader.fetchObjects(refs, await reader.discover());
    assert.ok(refs.every((r) => 'object' in (results.get(objectKey(r)) ?? {})));
    // 600 ConfigMaps: two pages of 500; 200 Deployments: one page.
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'list 200': 3 });
    assert.equal(server.requestLog.count({ verb: 'list', namespace: '' }), 3);
  });

  test('objects in a few namespaces: one LIST per type and namespace', async () => {
    const reader = readerFor(server);
    const refs = objects.map(refOf).filter((r) => r.namespace === 'ns-1' || r.namespace === 'ns-2');
    const results = await reader.fetchObjects(refs, await reader.discover());
    assert.ok(refs.every((r) => 'object' in (results.get(objectKey(r)) ?? {})));
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'list 200': 4 });
  });

  test('when listing across namespaces is forbidden, each namespace is listed instead', async () => {
    server.faults.forbid({ resource: 'configmaps', namespace: '' });
    const reader = readerFor(server);
    const refs = objects.map(refOf).filter((r) => r.kind === 'ConfigMap');
    const results = await reader.fetchObjects(refs, await reader.discover());
    assert.ok(refs.every((r) => 'object' in (results.get(objectKey(r)) ?? {})));
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'list 403': 1, 'list 200': 20 });
  });
});
