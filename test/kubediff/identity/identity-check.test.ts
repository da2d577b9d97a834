// An API server (or a proxy in front of it) that answers 200 with another
// object than the one asked for: an error for that object, never drift.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCheck } from '../../../src/kubediff/check.js';
import { identityProblem } from '../../../src/kubediff/identity/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

let server: Server;
let dir: TempDir;
// path -> the body answered with 200
const answers = new Map<string, unknown>();

before(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const discovery: Record<string, unknown> = {
      '/api': { kind: 'APIVersions', versions: ['v1'] },
      '/apis': { kind: 'APIGroupList', groups: [] },
      '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [
        { name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'] },
        { name: 'namespaces', namespaced: false, kind: 'Namespace', verbs: ['get', 'list'] },
      ] },
    };
    const body = discovery[path] ?? answers.get(path);
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = await makeTempDir();
  const { port } = server.address() as AddressInfo;
  await dir.write({
    kubeconfig: `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: x\n  context:\n    cluster: c\n    namespace: default\ncurrent-context: x\n`,
  });
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dir.remove();
});

const configMap = (name: string, namespace = 'default', data = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });

test('answers that are another object are errors for the object asked for; the right answer beside them is compared', async () => {
  // One object per namespace, so each is fetched with a GET.
  answers.set('/api/v1/namespaces/a/configmaps/renamed', configMap('other', 'a'));
  answers.set('/api/v1/namespaces/b/configmaps/moved', configMap('moved', 'elsewhere'));
  answers.set('/api/v1/namespaces/c/configmaps/rekinded', { ...configMap('rekinded', 'c'), kind: 'Secret' });
  answers.set('/api/v1/namespaces/team', { kind: 'APIResourceList', groupVersion: 'v1', resources: [] });
  answers.set('/api/v1/namespaces/d/configmaps/right', configMap('right', 'd', { a: '2' }));
  const manifests = [['renamed', 'a'], ['moved', 'b'], ['rekinded', 'c'], ['right', 'd']].map(([name, ns]) => JSON.stringify(configMap(name!, ns)));
  manifests.push(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }));
  await dir.write({ 'm/all.yaml': manifests.join('\n---\n') });

  const report = await runCheck({ paths: [join(dir.path, 'm')], kubeconfig: join(dir.path, 'kubeconfig'), env: {}, homeDir: dir.path }, { logger: silentLogger });
  assert.deepEqual(report.objects.map((o) => [o.ref.name, o.state]), [
    ['renamed', 'error'], ['moved', 'error'], ['rekinded', 'error'], ['right', 'drifted'], ['team', 'error'],
  ]);
  assert.match(report.objects[0]!.error!.message, /another object \(metadata\.name "other" instead of "renamed"\)/);
  assert.match(report.objects[1]!.error!.message, /metadata\.namespace "elsewhere" instead of "b"/);
  assert.match(report.objects[2]!.error!.message, /kind "Secret" instead of "ConfigMap"/);
  assert.match(report.objects[4]!.error!.message, /kind "APIResourceList" instead of "Namespace", apiVersion absent instead of "v1", metadata\.name absent instead of "team"/);
  assert.equal(report.totals.drifted, 1);
  assert.equal(report.exitCode, 1, 'an error wins over drift');
});

test('identityProblem: a cluster-scoped object has no namespace; an empty namespace is none; odd types are named, not shown', () => {
  const ref = { apiVersion: 'v1', kind: 'Namespace', name: 'team' };
  assert.equal(identityProblem({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', namespace: '' } }, ref), undefined);
  assert.match(identityProblem({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', namespace: 'x' } }, ref) ?? '', /metadata\.namespace "x" instead of absent/);
  assert.match(identityProblem({ apiVersion: 'v1', kind: ['x'], metadata: 'no' }, ref) ?? '', /kind a list instead of "Namespace", metadata\.name absent/);
});
