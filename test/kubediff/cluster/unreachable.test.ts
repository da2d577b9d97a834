import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterError } from '../../../src/errors.js';
import { createClusterReader, loadClusterConfig } from '../../../src/kubediff/cluster/index.js';
import { silentLogger } from '../../../src/log/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-unreachable-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A port that was just free: nothing listens there, so connections are refused.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an unreachable server is a ClusterError naming host:port and the cause, for discovery and every later request', async () => {
  const port = await closedPort();
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n`,
  );
  const reader = createClusterReader(loadClusterConfig({ kubeconfig: file, env: {}, homeDir: dir }), {
    logger: silentLogger,
    retryPolicy: { maxAttempts: 3, maxConnectAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
  await assert.rejects(reader.discover(), (err) => {
    assert.ok(err instanceof ClusterError);
    assert.equal(err.reason, 'unreachable');
    assert.equal(err.status, undefined);
    assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(err.message, /ECONNREFUSED/);
    return true;
  });
  // Both discovery requests (/api, /apis) tried twice at most, then gave up.
  const errors = reader.requestCounts().filter((c) => c.result === 'error');
  assert.equal(errors.length, 1);
  assert.ok(errors[0]!.count <= 4 && errors[0]!.count >= 2, `attempts: ${errors[0]!.count}`);
  reader.close();
});
