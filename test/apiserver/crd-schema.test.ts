// Custom resources written through the API, as kube-apiserver treats them:
// fields the CRD's structural schema does not declare are pruned (Strict
// field validation refuses them, Warn names them in Warning headers), unknown
// metadata fields are dropped, x-kubernetes-preserve-unknown-fields and
// embedded resources keep what they allow, and schema defaults are filled in.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';
import { createKubectl } from './kubectl.js';

const crdFile = (name: string): string => fileURLToPath(new URL(`../fixtures/crds/${name}`, import.meta.url));
const CQ_PATH = '/apis/kueue.x-k8s.io/v1beta2/clusterqueues';

const clusterQueue = (name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'kueue.x-k8s.io/v1beta2',
  kind: 'ClusterQueue',
  metadata: { name, ...metadata },
  spec,
});

const WIDGETS = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'integer', default: 3 },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  mode: { type: 'string', default: 'fast' },
                },
              },
            },
          },
        },
      },
    ],
  },
};

describe('custom resources and their structural schema', () => {
  let server: ApiServer;

  before(async () => {
    server = await startApiServer();
    server.apply(parseYaml(await readFile(crdFile('kueue.x-k8s.io_clusterqueues.yaml'), 'utf8')));
    server.apply(WIDGETS);
  });
  after(async () => {
    await server.close();
  });

  test('Strict field validation refuses undeclared fields, naming each', async () => {
    const result = await call(server, 'POST', `${CQ_PATH}?fieldValidation=Strict`, { body: clusterQueue('strict', { bogus: 1 }, { foo: 'bar' }) });
    assert.equal(result.status, 400);
    assert.equal(result.body.reason, 'BadRequest');
    assert.match(result.body.message, /ClusterQueue in version "v1beta2" cannot be handled as a ClusterQueue: strict decoding error: unknown field "metadata.foo", unknown field "spec.bogus"/);
    assert.equal(server.getObject('kueue.x-k8s.io/v1beta2', 'ClusterQueue', 'strict'), undefined);
  });

  test('by default (Warn) they are pruned and named in Warning headers; schema defaults are filled in', async () => {
    const result = await call(server, 'POST', CQ_PATH, { body: clusterQueue('warned', { bogus: 1, resourceGroups: [{ coveredResources: ['cpu'], flavors: [{ name: 'default', resources: [{ name: 'cpu', nominalQuota: '2000m', extra: true }] }] }] }) });
    assert.equal(result.status, 201);
    assert.match(result.headers.get('warning') ?? '', /299 - "unknown field \\"spec.bogus\\""/);
    assert.match(result.headers.get('warning') ?? '', /unknown field \\"spec.resourceGroups\[0\].flavors\[0\].resources\[0\].extra\\"/);
    const stored = server.getObject('kueue.x-k8s.io/v1beta2', 'ClusterQueue', 'warned') as { spec: Record<string, unknown> };
    assert.equal(stored.spec.bogus, undefined);
    assert.deepEqual(stored.spec.resourceGroups, [{ coveredResources: ['cpu'], flavors: [{ name: 'default', resources: [{ name: 'cpu', nominalQuota: '2000m' }] }] }]);
    assert.equal(stored.spec.queueingStrategy, 'BestEffortFIFO');
    assert.equal(stored.spec.stopPolicy, 'None');
    assert.deepEqual(stored.spec.preemption, { borrowWithinCohort: { policy: 'Never' }, reclaimWithinCohort: 'Never', withinClusterQueue: 'Never' });
  });

  test('Ignore prunes silently; a later merge patch is pruned the same way', async () => {
    const created = await call(server, 'POST', `${CQ_PATH}?fieldValidation=Ignore`, { body: clusterQueue('ignored', { bogus: 1 }) });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('warning'), null);
    assert.equal(created.body.spec.bogus, undefined);
    const patched = await call(server, 'PATCH', `${CQ_PATH}/ignored`, { body: { spec: { another: 2, stopPolicy: 'Hold' } }, contentType: 'application/merge-patch+json' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.spec.another, undefined);
    assert.equal(patched.body.spec.stopPolicy, 'Hold');
  });

  test('preserve-unknown-fields and embedded resources keep what they allow; a null becomes the default', async () => {
    const body = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'default' },
      spec: {
        mode: null,
        extra: { anything: { goes: [1, 2] } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'w' }, bogus: 1 }, spec: { image: 'nginx', dropped: true } },
        labels: { team: 'a' },
      },
    };
    const result = await call(server, 'POST', '/apis/example.com/v1/namespaces/default/widgets', { body });
    assert.equal(result.status, 201, JSON.stringify(result.body));
    assert.deepEqual(result.body.spec, {
      mode: 'fast',
      size: 3,
      extra: { anything: { goes: [1, 2] } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'w' } }, spec: { image: 'nginx' } },
      labels: { team: 'a' },
    });
  });

  test('real kubectl apply: strict by default, and --validate=warn prints the server\'s warnings', async () => {
    const kubectl = await createKubectl(server.kubeconfigPath);
    try {
      const manifest = JSON.stringify(clusterQueue('from-kubectl', { bogus: 1, namespaceSelector: {} }));
      const strict = await kubectl.run(['apply', '-f', '-'], { input: manifest });
      assert.notEqual(strict.code, 0);
      assert.match(strict.stderr, /strict decoding error: unknown field "spec.bogus"/);
      const warned = await kubectl.run(['apply', '--validate=warn', '-f', '-'], { input: manifest });
      assert.equal(warned.code, 0, warned.stderr);
      assert.match(warned.stderr, /Warning: unknown field "spec.bogus"/);
      const stored = server.getObject('kueue.x-k8s.io/v1beta2', 'ClusterQueue', 'from-kubectl') as { spec: Record<string, unknown> };
      assert.equal(stored.spec.bogus, undefined);
      assert.equal(stored.spec.queueingStrategy, 'BestEffortFIFO');
    } finally {
      await kubectl.cleanup();
    }
  });
});
