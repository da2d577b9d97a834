// Transport details the emulated API server does not exercise: gzip-compressed
// bodies (real API servers compress large responses), and a server URL with a path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadClusterConfig } from '../../../src/kubediff/cluster/index.js';
import { createTransport } from '../../../src/kubediff/cluster/transport.js';
import { silentLogger } from '../../../src/log/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-transport-'));
let server: Server;
let port: number;
const seen: Array<{ url: string; encoding: string }> = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', encoding: String(req.headers['accept-encoding'] ?? '') });
    const body = JSON.stringify({ kind: 'APIVersions', versions: ['v1'], padding: 'x'.repeat(10_000) });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end(gzipSync(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

test('gzip bodies are decompressed, and the server URL path prefixes every request', async () => {
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}/proxy/k8s/\ncontexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n`,
  );
  const transport = createTransport(loadClusterConfig({ kubeconfig: file, env: {}, homeDir: dir }), { logger: silentLogger });
  const response = await transport.send('/api', { accept: 'application/json', signal: new AbortController().signal });
  transport.close();
  assert.equal(response.status, 200);
  assert.deepEqual(JSON.parse(response.body.toString('utf8')).versions, ['v1']);
  assert.deepEqual(seen, [{ url: '/proxy/k8s/api', encoding: 'gzip' }]);
});
