// Names a server's discovery documents give (groups, versions, resources)
// become URL path segments: `..` or `a/b` there must never make kubediff ask
// for another path than the one it means.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCheck } from '../../../src/kubediff/check.js';
import { silentLogger } from '../../../src/log/logger.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

let server: Server;
let dir: TempDir;
const requested: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const path = (req.url ?? '').split('?')[0]!;
    const documents: Record<string, unknown> = {
      '/api': { kind: 'APIVersions', versions: ['v1', '..'] },
      '/apis': { kind: 'APIGroupList', groups: [{ name: '..', versions: [{ version: 'v1' }] }, { name: 'evil.example', versions: [{ version: '../v1' }] }] },
      '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [
        { name: '..', namespaced: true, kind: 'Dots', verbs: ['get'] },
        { name: 'a%2fb', namespaced: true, kind: 'Percent', verbs: ['get'] },
        { name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'] },
      ] },
      '/api/v1/namespaces/default/configmaps/fine': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine', namespace: 'default' } },
    };
    const body = documents[path];
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = await makeTempDir();
  const { port } = server.address() as AddressInfo;
  await dir.write({
    kubeconfig: `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n`,
    'm/a.yaml': ['Dots', 'Percent', 'ConfigMap'].map((kind) => JSON.stringify({ apiVersion: 'v1', kind, metadata: { name: kind === 'ConfigMap' ? 'fine' : 'x', namespace: 'default' } })).join('\n---\n'),
  });
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dir.remove();
});

test('discovered groups, versions and resources that are not path segments are never requested; their kinds are unserved', async () => {
  const report = await runCheck({ paths: [join(dir.path, 'm')], kubeconfig: join(dir.path, 'kubeconfig'), env: {}, homeDir: dir.path }, { logger: silentLogger });
  assert.deepEqual(report.objects.map((o) => [o.ref.kind, o.state, o.error?.kind]), [['Dots', 'error', 'unserved'], ['Percent', 'error', 'unserved'], ['ConfigMap', 'in-sync', undefined]]);
  const odd = requested.filter((url) => /\/\.\.|%2f|%252f/i.test(url));
  assert.deepEqual(odd, [], `requests for other paths: ${odd.join(', ')}`);
});
