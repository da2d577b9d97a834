// The kubediff CLI with kubeconfigs: a device or an empty file is a clear
// error naming it, at once (--kubeconfig /dev/zero grew to gigabytes and
// ignored SIGTERM); tokens and certificates work without loading
// @kubernetes/client-node, and a legacy auth provider loads it when needed.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { makeTempDir, type TempDir } from './helpers/temp.js';
import { KUBEDIFF_CMD } from './helpers/processes.js';

const TRACE = fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url));

describe('kubediff CLI and its kubeconfig', () => {
  let server: ApiServer;
  let tmp: TempDir;
  let manifest: string;

  before(async () => {
    server = await startApiServer({ tls: true });
    tmp = await makeTempDir();
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'production' } };
    server.apply(object);
    manifest = join(tmp.path, 'settings.yaml');
    writeFileSync(manifest, stringify(object));
  });
  after(async () => {
    await server.close();
    await tmp.remove();
  });

  async function kubediff(kubeconfig: string): Promise<{ exitCode: number; stdout: string; stderr: string; loaded: string[] }> {
    const trace = join(tmp.path, `trace-${Math.random().toString(36).slice(2)}`);
    writeFileSync(trace, '');
    const result = await execa(process.execPath, ['--import', 'tsx', '--import', TRACE, KUBEDIFF_CMD, '--kubeconfig', kubeconfig, manifest], {
      reject: false,
      env: { PATH: process.env.PATH, HOME: tmp.path, KUBEDIFF_MODULE_TRACE: trace },
      extendEnv: false,
      timeout: 60_000,
    });
    return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, loaded: readFileSync(trace, 'utf8').split('\n') };
  }

  for (const device of ['/dev/zero', '/dev/null']) {
    test(`--kubeconfig ${device} is an error naming it, at once`, async () => {
      const run = await kubediff(device);
      assert.equal(run.exitCode, 1, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`kubeconfig ${device} is a character device, not a regular file`));
      assert.doesNotMatch(run.stdout + run.stderr, /Cannot read properties|internal error/);
    });
  }

  test('a bearer token and a CA work without loading @kubernetes/client-node', async () => {
    const run = await kubediff(server.kubeconfigPath);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /1 in sync/);
    assert.ok(run.loaded.includes('js-yaml'), 'the trace sees package imports');
    assert.ok(!run.loaded.some((s) => s.includes('client-node')), `client-node was loaded: ${run.loaded.filter((s) => s.includes('client-node')).join(', ')}`);
  });

  test('a legacy auth provider (gcp with a cached token) loads client-node, which supplies the token', async () => {
    const kubeconfig = join(tmp.path, 'gcp.yaml');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(server.caCertPem ?? '').toString('base64') } }],
        users: [{ name: 'u', user: { 'auth-provider': { name: 'gcp', config: { 'access-token': server.token, expiry: new Date(Date.now() + 3_600_000).toISOString() } } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    const run = await kubediff(kubeconfig);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /1 in sync/);
    assert.ok(run.loaded.includes('@kubernetes/client-node'));
  });
});
