// A server whose list never ends (its continue token comes back, or there is
// always one more page) held the check forever, even past the CLI's patience:
// the list is an error for its objects instead, and the check finishes.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ClusterError } from '../../../src/errors.js';
import { runCheck } from '../../../src/kubediff/check.js';
import { createApiClient } from '../../../src/kubediff/cluster/api-client.js';
import type { ResourceInfo } from '../../../src/kubediff/cluster/discovery.js';
import { loadClusterConfig } from '../../../src/kubediff/cluster/index.js';
import { listCollection } from '../../../src/kubediff/cluster/list.js';
import { createRequestCounter } from '../../../src/kubediff/cluster/request-counter.js';
import { createTransport } from '../../../src/kubediff/cluster/transport.js';
import { silentLogger } from '../../../src/log/logger.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';
import { FAST_RETRIES } from './harness.js';

let server: Server;
let dir: TempDir;
let pages = 0;
// 'same': the same continue token every time; 'new': a new one every time.
let tokens: 'same' | 'new' = 'same';

before(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/api') return send({ kind: 'APIVersions', versions: ['v1'] });
    if (path === '/apis') return send({ kind: 'APIGroupList', groups: [] });
    if (path === '/api/v1') return send({ kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'] }] });
    // Anything else (the OpenAPI document the check also asks for) is not served.
    if (path !== '/api/v1/namespaces/default/configmaps') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 }));
    }
    pages++;
    return send({ kind: 'ConfigMapList', metadata: { continue: tokens === 'same' ? 'again' : `page-${pages}` }, items: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = await makeTempDir();
  await dir.write({
    kubeconfig: `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${(server.address() as AddressInfo).port}\ncontexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n`,
    'm.yaml': [0, 1, 2].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: default}\n`).join('---\n'),
  });
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dir.remove();
});

test('a continue token that comes back: the check finishes, each listed object an error saying the list does not end', async () => {
  tokens = 'same';
  pages = 0;
  const report = await runCheck({ paths: [join(dir.path, 'm.yaml')], kubeconfig: join(dir.path, 'kubeconfig'), env: {}, homeDir: dir.path }, { logger: silentLogger });
  assert.deepEqual(report.objects.map((o) => o.state), ['error', 'error', 'error']);
  assert.match(report.objects[0]!.error!.message, /list of configmaps in namespace default does not end: a continue token came back/);
  assert.equal(pages, 2);
});

test('always one more page: an error past the page bound', async () => {
  tokens = 'new';
  pages = 0;
  const config = loadClusterConfig({ kubeconfig: join(dir.path, 'kubeconfig'), env: {}, homeDir: dir.path });
  const client = createApiClient(createTransport(config, { logger: silentLogger }), { deadlineMs: 60_000, logger: silentLogger, counter: createRequestCounter(), policy: FAST_RETRIES });
  const info: ResourceInfo = { resource: 'configmaps', namespaced: true, group: '', version: 'v1', kind: 'ConfigMap', verbs: ['list'] };
  try {
    await assert.rejects(
      listCollection(client, info, 'default', 'configmaps in default', () => undefined, undefined, 50),
      (error) => error instanceof ClusterError && /does not end: more than 50 pages/.test(error.message),
    );
  } finally {
    client.close();
  }
  assert.equal(pages, 51);
});
