// `npm run apiserver`: the standalone server seeds a folder, writes its
// kubeconfig, serves kubectl-compatible requests and exits on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const MAIN = fileURLToPath(new URL('../support/apiserver/main.ts', import.meta.url));

function startMain(args: string[]): { child: ReturnType<typeof spawn>; ready: Promise<{ url: string; kubeconfig: string; seeded: number }>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const ready = new Promise<{ url: string; kubeconfig: string; seeded: number }>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const line = stderr.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`apiserver exited with ${code}: ${stderr}`)));
  });
  return { child, ready, stderr: () => stderr };
}

describe('npm run apiserver', { timeout: 60_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubediff-apiserver-main-'));
    await writeFile(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seeded, namespace: demo}\ndata: {k: v}\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('serves the seeded objects over HTTPS with the kubeconfig it wrote, and stops on SIGTERM', async () => {
    const kubeconfigPath = join(dir, 'kubeconfig');
    const server = startMain(['--port', '0', '--kubeconfig', kubeconfigPath, '--seed', dir, '--tls']);
    try {
      const info = await server.ready;
      assert.equal(info.seeded, 1);
      assert.match(info.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const kubeconfig = parseYaml(await readFile(kubeconfigPath, 'utf8'));
      const cluster = kubeconfig.clusters[0].cluster;
      assert.equal(cluster.server, info.url);
      const token = kubeconfig.users[0].user.token as string;
      const agent = new Agent({ ca: Buffer.from(cluster['certificate-authority-data'], 'base64') });
      const body = await new Promise<string>((resolve, reject) => {
        get(`${info.url}/api/v1/namespaces/demo/configmaps/seeded`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      agent.destroy();
      assert.deepEqual(JSON.parse(body).data, { k: 'v' });
    } finally {
      server.child.kill('SIGTERM');
      const [code] = await once(server.child, 'exit');
      assert.equal(code, 0, server.stderr());
    }
  });

  test('a bad flag exits 1 with a clear message', async () => {
    const server = startMain(['--port', 'eighty']);
    const [code] = await once(server.child, 'exit');
    assert.equal(code, 1);
    assert.match(server.stderr(), /Expected --port to be a port number, got `eighty`/);
    assert.match(server.stderr(), /Usage: npm run apiserver -- \[flags\]/, 'the usage follows the message');
    await server.ready.catch(() => undefined);
  });

  test('--help prints the usage on stdout and exits 0 (it was an unknown flag)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: npm run apiserver -- \[flags\]\n/);
    for (const flag of ['--port', '--kubeconfig', '--seed', '--tls', '--token', '--minor', '--help']) assert.ok(stdout.includes(flag), flag);
  });
});
