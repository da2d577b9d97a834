// The programs as `npm run build` makes them (scripts/bundle.mjs): one file
// each, everything inside but @kubernetes/client-node. The bundled kubediff
// checks a cluster over HTTPS loading no package at run time, still finds
// client-node in node_modules when a kubeconfig needs it, and prom-run,
// executed as the image runs it, gets the V8 memory flags of its #! line.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TRACE = fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url));

describe('the bundled programs', () => {
  let out: string;
  let server: ApiServer;
  let manifest: string;

  before(async () => {
    // Inside the repository, so that node_modules is found as from dist/cmd.
    mkdirSync(join(REPO, 'test-output'), { recursive: true });
    out = mkdtempSync(join(REPO, 'test-output', 'bundle-'));
    execFileSync(process.execPath, [join(REPO, 'scripts', 'bundle.mjs'), out], { stdio: 'inherit' });
    server = await startApiServer({ tls: true });
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'production' } };
    server.apply(object);
    manifest = join(out, 'settings.yaml');
    writeFileSync(manifest, stringify(object));
  });
  after(async () => {
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  });

  async function kubediff(kubeconfig: string): Promise<{ exitCode: number; stdout: string; loaded: string[] }> {
    const trace = join(out, `trace-${Math.random().toString(36).slice(2)}`);
    writeFileSync(trace, '');
    const result = await execa(process.execPath, ['--import', TRACE, join(out, 'kubediff.js'), '--kubeconfig', kubeconfig, manifest], {
      reject: false,
      env: { PATH: process.env.PATH, HOME: out, KUBEDIFF_MODULE_TRACE: trace },
      extendEnv: false,
      timeout: 60_000,
    });
    return { exitCode: result.exitCode ?? -1, stdout: result.stdout + result.stderr, loaded: readFileSync(trace, 'utf8').split('\n').filter(Boolean) };
  }

  test('kubediff checks an object over HTTPS with a bearer token, loading nothing but Node built-ins', async () => {
    const run = await kubediff(server.kubeconfigPath);
    assert.equal(run.exitCode, 0, run.stdout);
    assert.match(run.stdout, /1 in sync/);
    const packages = run.loaded.filter((s) => !s.startsWith('node:') && !s.startsWith('file:') && !s.startsWith('/') && !s.startsWith('.'));
    assert.deepEqual(packages, [], 'every dependency is inside the bundle');
  });

  test('a kubeconfig with a legacy auth provider loads client-node from node_modules', async () => {
    const kubeconfig = join(out, 'gcp.yaml');
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
    assert.equal(run.exitCode, 0, run.stdout);
    assert.ok(run.loaded.includes('@kubernetes/client-node'));
  });

  test('prom-run executed directly runs with the V8 flags of its #! line', async () => {
    const child = spawn(join(out, 'prom-run.js'), ['-listen-addr=127.0.0.1:0', '-period=1h', 'true'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => (chunk.toString().includes('"listening"') ? resolve() : undefined));
        child.once('close', (code) => reject(new Error(`prom-run exited with ${code}`)));
      });
      const argv = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      assert.ok(argv.includes('--max-semi-space-size=2') && argv.includes('--heap-growing-percent=20') && argv.includes('--expose-gc'), argv.join(' '));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
