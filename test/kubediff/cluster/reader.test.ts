import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../support/apiserver/index.js';
import { objectKey } from '../../../src/kubediff/cluster/index.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';
import { ClusterError } from '../../../src/errors.js';
import { configMap, countsOf, deployment, readerFor, startServer } from './harness.js';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

function ref(apiVersion: string, kind: string, namespace: string | undefined, name: string): ObjectRef {
  return namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, namespace, name };
}

describe('cluster reader over plain HTTP', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer();
    server.apply(crd);
    server.seedObjects([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3, unknownField: { nested: true } } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] },
    ]);
    server.apply(deployment('default', 'web'));
    for (let i = 0; i < 5; i++) server.apply(configMap('default', `cm-${i}`));
  });
  after(() => server.close());

  test('discovery maps apiVersion/kind to resource and scope, CRDs included', async () => {
    const reader = readerFor(server);
    const discovery = await reader.discover();
    assert.deepEqual(
      { ...discovery.lookup('apps/v1', 'Deployment'), verbs: undefined },
      { resource: 'deployments', namespaced: true, group: 'apps', version: 'v1', kind: 'Deployment', verbs: undefined },
    );
    assert.equal(discovery.lookup('rbac.authorization.k8s.io/v1', 'ClusterRole')?.namespaced, false);
    assert.equal(discovery.lookup('v1', 'ConfigMap')?.resource, 'configmaps');
    assert.equal(discovery.lookup('example.com/v1', 'Widget')?.resource, 'widgets');
    assert.equal(discovery.lookup('apps/v1', 'Widget'), undefined);
    assert.equal(discovery.lookup('example.com/v2', 'Widget'), undefined);
    // Aggregated discovery: two requests, and discover() is once per reader.
    await reader.discover();
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2 });
  });

  test('objects come back as raw JSON: unknown fields kept, timestamps as strings', async () => {
    const reader = readerFor(server);
    const refs = [
      ref('example.com/v1', 'Widget', 'default', 'w1'),
      ref('apps/v1', 'Deployment', 'default', 'web'),
      ref('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'reader'),
    ];
    const results = await reader.fetchObjects(refs, await reader.discover());
    const widget = results.get(objectKey(refs[0]!));
    assert.ok(widget && 'object' in widget);
    assert.deepEqual((widget.object.spec as Record<string, unknown>).unknownField, { nested: true });
    assert.equal(typeof (widget.object.metadata as Record<string, unknown>).creationTimestamp, 'string');
    const web = results.get(objectKey(refs[1]!));
    assert.ok(web && 'object' in web);
    assert.equal(web.object.kind, 'Deployment');
    assert.equal(web.object.apiVersion, 'apps/v1');
    const role = results.get(objectKey(refs[2]!));
    assert.ok(role && 'object' in role);
  });

  test('missing objects are notFound and unserved kinds are errors, never drift', async () => {
    const reader = readerFor(server);
    const refs = [
      ref('apps/v1', 'Deployment', 'default', 'absent'),
      ref('v1', 'ConfigMap', 'default', 'cm-absent-1'),
      ref('example.com/v1', 'Gadget', 'default', 'g'),
    ];
    const results = await reader.fetchObjects(refs, await reader.discover());
    assert.deepEqual(results.get(objectKey(refs[0]!)), { notFound: true });
    assert.deepEqual(results.get(objectKey(refs[1]!)), { notFound: true });
    const unserved = results.get(objectKey(refs[2]!));
    assert.ok(unserved && 'error' in unserved);
    assert.ok(unserved.error instanceof ClusterError);
    assert.equal(unserved.error.reason, 'unserved');
    assert.equal(unserved.error.object, objectKey(refs[2]!));
    assert.match(unserved.error.message, /no kind Gadget in group\/version example\.com\/v1 is served/);
  });

  test('few objects are fetched with GETs, many with one LIST', async () => {
    const reader = readerFor(server);
    const discovery = await reader.discover();
    server.requestLog.clear();
    const refs = [
      ...[0, 1, 2, 3, 4].map((i) => ref('v1', 'ConfigMap', 'default', `cm-${i}`)),
      ref('apps/v1', 'Deployment', 'default', 'web'),
    ];
    const results = await reader.fetchObjects(refs, discovery);
    assert.ok(refs.every((r) => 'object' in (results.get(objectKey(r)) ?? {})));
    assert.equal(server.requestLog.count({ verb: 'list', resource: 'configmaps' }), 1);
    assert.equal(server.requestLog.count({ verb: 'get', resource: 'deployments' }), 1);
    assert.deepEqual(countsOf(reader), { 'discovery 200': 2, 'get 200': 1, 'list 200': 1 });
  });

  test('the same object asked for twice is fetched once', async () => {
    const reader = readerFor(server);
    const web = ref('apps/v1', 'Deployment', 'default', 'web');
    const results = await reader.fetchObjects([web, { ...web }], await reader.discover());
    assert.equal(results.size, 1);
    assert.equal(countsOf(reader)['get 200'], 1);
  });
});
