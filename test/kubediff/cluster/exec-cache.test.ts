// Exec plugin credentials through the reader and the emulated API server over
// HTTPS: a credential with an expiry is kept between runs (prom-run does not
// run `aws eks get-token` every period) until it nears its expiry or the
// server refuses it (401); one without an expiry is asked for on every run.
// A plugin path with a slash is relative to the kubeconfig, as kubectl has it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ClusterError } from '../../../src/errors.js';
import { ExecCredentialCache } from '../../../src/kubediff/cluster/index.js';
import type { ApiServer } from '../../support/apiserver/index.js';
import { readerFor, startServer } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-exec-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

describe('exec credentials kept between runs', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer({ tls: true });
  });
  after(() => server.close());

  /** A kubeconfig whose plugin (bin/plugin, relative) counts its runs and prints `token` expiring in `expiresInMs`. */
  function setup(token: string, expiresInMs: number | undefined): { kubeconfig: string; runs: () => number } {
    const folder = join(dir, String(counter++));
    mkdirSync(join(folder, 'bin'), { recursive: true });
    const status = { token, ...(expiresInMs === undefined ? {} : { expirationTimestamp: new Date(Date.now() + expiresInMs).toISOString() }) };
    const count = join(folder, 'runs');
    writeFileSync(join(folder, 'bin', 'plugin'), `#!/bin/sh\necho run >> '${count}'\necho '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status })}'\n`);
    chmodSync(join(folder, 'bin', 'plugin'), 0o755);
    const kubeconfig = join(folder, 'config');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(server.caCertPem ?? '').toString('base64') } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './bin/plugin', interactiveMode: 'Never' } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    return { kubeconfig, runs: () => (existsSync(count) ? readFileSync(count, 'utf8').trim().split('\n').length : 0) };
  }

  async function discover(kubeconfig: string, cache?: ExecCredentialCache): Promise<void> {
    const reader = readerFor(server, { kubeconfig, ...(cache ? { exec: { cache } } : {}) });
    try {
      await reader.discover();
    } finally {
      reader.close();
    }
  }

  test('a credential with an expiry an hour away is used by later runs without running the plugin again', async () => {
    const { kubeconfig, runs } = setup(server.token ?? '', 3_600_000);
    const cache = new ExecCredentialCache();
    await discover(kubeconfig, cache);
    await discover(kubeconfig, cache);
    await discover(kubeconfig, cache);
    assert.equal(runs(), 1);
    await discover(kubeconfig); // no cache: the CLI's one run
    assert.equal(runs(), 2);
  });

  test('without an expiry, or with less than the margin left, every run asks the plugin', async () => {
    for (const expiresInMs of [undefined, 10_000]) {
      const { kubeconfig, runs } = setup(server.token ?? '', expiresInMs);
      const cache = new ExecCredentialCache();
      await discover(kubeconfig, cache);
      await discover(kubeconfig, cache);
      assert.equal(runs(), 2, `expiry in ${expiresInMs} ms`);
    }
  });

  test('a credential the server refuses (401) is forgotten: the next run asks the plugin again', async () => {
    const { kubeconfig, runs } = setup('not-the-token', 3_600_000);
    const cache = new ExecCredentialCache();
    await assert.rejects(discover(kubeconfig, cache), (err) => err instanceof ClusterError && err.status === 401);
    await assert.rejects(discover(kubeconfig, cache), (err) => err instanceof ClusterError && err.status === 401);
    assert.equal(runs(), 2);
  });
});
