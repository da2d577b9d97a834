// Responses a real API server would not send, from a proxy or a broken
// aggregated API: a 200 LIST body that is not a list must be an error for the
// objects it concerns, never "not found" (which would report them missing).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClusterReader, loadClusterConfig, objectKey } from '../../../src/kubediff/cluster/index.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { ClusterError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-odd-'));
let server: Server;
let port: number;
// What the configmaps collection answers with, per test.
let listBody: unknown;

before(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/api') return send({ kind: 'APIVersions', versions: ['v1'] });
    if (path === '/apis') return send({ kind: 'APIGroupList', groups: [
      { name: 'broken.example', versions: [{ version: 'v1' }] },
      // Served, but its discovery document fails (404 below).
      { name: 'autoscaling', versions: [{ version: 'v2' }] },
    ] });
    if (path === '/apis/broken.example/v1') return send(null);
    if (path === '/api/v1') {
      return send({ kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'] }] });
    }
    if (path === '/api/v1/namespaces/default/configmaps') return send(listBody);
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"kind":"Status","code":404}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  writeFileSync(
    join(dir, 'kubeconfig'),
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n`,
  );
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const refs: ObjectRef[] = [0, 1, 2].map((i) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: `cm-${i}` }));

async function fetchAll() {
  const config = loadClusterConfig({ kubeconfig: join(dir, 'kubeconfig'), env: {}, homeDir: dir });
  const reader = createClusterReader(config, { logger: silentLogger });
  try {
    return await reader.fetchObjects(refs, await reader.discover());
  } finally {
    reader.close();
  }
}

for (const [what, body] of [
  ['an object without items', { kind: 'ConfigMapList', metadata: {} }],
  ['items that are not a list', { kind: 'ConfigMapList', metadata: {}, items: { 'cm-0': {} } }],
] as const) {
  test(`a LIST answered with ${what} is an error for each object, not "missing"`, async () => {
    listBody = body;
    const results = await fetchAll();
    for (const ref of refs) {
      const result = results.get(objectKey(ref));
      assert.ok(result && 'error' in result, `${objectKey(ref)}: ${JSON.stringify(result)}`);
      assert.match(result.error.message, /not a list/);
    }
  });
}

test('a LIST with items: null is an empty list: the objects are missing', async () => {
  listBody = { kind: 'ConfigMapList', metadata: {}, items: null };
  const results = await fetchAll();
  for (const ref of refs) assert.deepEqual(results.get(objectKey(ref)), { notFound: true });
});

test('a group version whose discovery answers with JSON that is not an object fails alone', async () => {
  listBody = { kind: 'ConfigMapList', metadata: {}, items: [{ metadata: { name: 'cm-0', namespace: 'default' } }] };
  const config = loadClusterConfig({ kubeconfig: join(dir, 'kubeconfig'), env: {}, homeDir: dir });
  const reader = createClusterReader(config, { logger: silentLogger });
  try {
    const discovery = await reader.discover();
    assert.match(discovery.groupVersionError('broken.example/v1')?.message ?? '', /not an object/);
    const results = await reader.fetchObjects(refs, discovery);
    assert.ok('object' in (results.get(objectKey(refs[0]!)) ?? {}));
  } finally {
    reader.close();
  }
});

test('autoscalers whose discovery failed are an error, not "no autoscalers" (which would report their replicas as drift)', async () => {
  const config = loadClusterConfig({ kubeconfig: join(dir, 'kubeconfig'), env: {}, homeDir: dir });
  const reader = createClusterReader(config, { logger: silentLogger });
  try {
    await assert.rejects(reader.listHpaTargets(['default']), (err) => err instanceof ClusterError && /autoscaling\/v2/.test(err.message));
  } finally {
    reader.close();
  }
});
