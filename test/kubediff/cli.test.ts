// The real kubediff CLI against the emulated API server, with the objects put
// there by real kubectl, over plain HTTP and over HTTPS with a bearer token.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { makeTempDir, type TempDir } from './helpers/temp.js';
import { kubectl, runKubediff, startKubediff, type Ran } from './helpers/processes.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/cluster-app/', import.meta.url));
const SECRET_GIT = 's3cr3t-Pa55w0rd-do-not-print';
const SECRET_LIVE = 'another-live-value-XYZ';
const SECRET_STRINGS = [SECRET_GIT, SECRET_LIVE, Buffer.from(SECRET_GIT).toString('base64'), Buffer.from(SECRET_LIVE).toString('base64')];

function assertNoSecret(...runs: Ran[]): void {
  for (const run of runs) {
    for (const secret of SECRET_STRINGS) {
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `a Secret value leaked: ${secret}`);
    }
  }
}

for (const tls of [false, true]) {
  describe(`kubediff CLI with kubectl-applied objects over ${tls ? 'HTTPS' : 'HTTP'}`, () => {
    let server: ApiServer;
    let tmp: TempDir;
    let manifests: string;
    let env: NodeJS.ProcessEnv;

    before(async () => {
      server = await startApiServer({ tls });
      tmp = await makeTempDir();
      manifests = join(tmp.path, 'repo');
      await cp(FIXTURES, manifests, { recursive: true });
      env = { PATH: process.env.PATH, HOME: tmp.path, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(tmp.path, 'kube-cache') };
      await kubectl(['apply', '-f', join(manifests, 'namespace.yaml'), '-f', join(manifests, 'crd')], env);
      await kubectl(['apply', '-R', '-f', manifests], env);
    });
    after(async () => {
      await server.close();
      await tmp.remove();
    });

    test('right after kubectl apply: in sync, exit 0', async () => {
      const run = await runKubediff([manifests], env);
      assert.equal(run.exitCode, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^kubediff: 10 objects \(10 in sync, 0 drifted, 0 missing, 0 failed\)/m);
      assert.equal(run.stderr, '');
      assertNoSecret(run);
    });

    test('kubectl scale is reported as replicas drift, exit 2; scaling the autoscaled Deployment is not', async () => {
      await kubectl(['-n', 'shop', 'scale', 'deployment/web', '--replicas=5'], env);
      await kubectl(['-n', 'shop', 'scale', 'deployment/worker', '--replicas=4'], env);
      const run = await runKubediff([manifests], env);
      assert.equal(run.exitCode, 2, run.stdout + run.stderr);
      // kubectl scale sends no field manager: the API server names it after kubectl's User-Agent.
      assert.ok(run.stdout.includes("## shop/web (Deployment.v1.apps)\n\n.spec.replicas: '2' != '5' (changed by kubectl (scale subresource) at "), run.stdout);
      assert.ok(!run.stdout.includes('## shop/worker'), run.stdout);
      const tolerated = await runKubediff(['-e', manifests], env);
      assert.equal(tolerated.exitCode, 0, '-e turns drift into 0');
      await kubectl(['-n', 'shop', 'scale', 'deployment/web', '--replicas=2'], env);
    });

    if (!tls) {
      test('an image patch, an arg added by hand, a key removed from git, a deleted object and a changed Secret: each at its path', async () => {
        await kubectl(['-n', 'shop', 'set', 'image', 'deployment/web', 'app=registry.example.com/web:1.5.0'], env);
        await kubectl(['-n', 'shop', 'patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--debug"}]'], env);
        await kubectl(['-n', 'shop', 'patch', 'secret', 'web-db', '-p', JSON.stringify({ data: { password: Buffer.from(SECRET_LIVE).toString('base64') } })], env);
        await kubectl(['-n', 'shop', 'delete', 'backup', 'nightly'], env);
        // A label git never had, added by hand: only kubectl-label owns it, so it is drift (a hand edit).
        await kubectl(['-n', 'shop', 'label', 'service', 'web', 'added-by=hand'], env);
        const app = join(manifests, 'app.yaml');
        await writeFile(app, (await readFile(app, 'utf8')).replace('  currency: EUR\n', ''));

        const text = await runKubediff([manifests], env);
        assert.equal(text.exitCode, 2, text.stdout + text.stderr);
        for (const line of [
          ".spec.template.spec.containers[name=app].image: 'registry.example.com/web:1.4.2' != 'registry.example.com/web:1.5.0' (changed by kubectl-set at ",
          ".spec.template.spec.containers[name=app].args[2]: not in git, live has '--debug' (applying would remove it) (changed by kubectl-patch at ",
          "## shop/web-settings (ConfigMap.v1)\n\n.data.currency: not in git, live has 'EUR' (removed from git: applying would remove it)\n",
          "## shop/web-db (Secret.v1)\n\n.data.password: '<masked: git value>' != '<masked: live value, differs>' (changed by kubectl-patch at ",
          "## shop/web (Service.v1)\n\n.metadata.labels.added-by: changed by hand, not in git: live has 'hand' (changed by kubectl-label at ",
          '## shop/nightly (Backup.v1.example.com)\n\nmissing: in git',
        ]) {
          assert.ok(text.stdout.includes(line), `expected ${line} in:\n${text.stdout}`);
        }

        const legacy = await runKubediff(['-j', manifests], env);
        assert.equal(legacy.exitCode, 2);
        const byFile = JSON.parse(legacy.stdout) as Record<string, string[]>;
        assert.ok(byFile[app]?.some((d) => d.startsWith('.spec.template.spec.containers[name=app].image:')));
        assert.ok(byFile[join(manifests, 'backup.yaml')]?.[0]?.includes('missing'));

        const json = await runKubediff(['-o', 'json', manifests], env);
        const report = JSON.parse(json.stdout) as { exitCode: number; totals: { drifted: number; missing: number }; objects: { ref: { name: string }; state: string }[] };
        assert.equal(report.exitCode, 2);
        assert.deepEqual([report.totals.drifted, report.totals.missing], [4, 1]);

        const diff = await runKubediff(['--output=diff', manifests], env);
        assert.equal(diff.exitCode, 2);
        assert.match(diff.stdout, /^--- live\/Deployment\/shop\/web\n\+\+\+ git\/Deployment\/shop\/web\n/m);
        assert.match(diff.stdout, /^-\s+image: registry\.example\.com\/web:1\.5\.0\n\+\s+image: registry\.example\.com\/web:1\.4\.2$/m);
        assert.match(diff.stdout, /^--- live\/Backup\/shop\/nightly\n/m);

        assertNoSecret(text, legacy, json, diff);
      });

      test('a 403 on one kind and an unserved kind are errors for those objects: exit 1, the rest still reported', async () => {
        const extra = join(tmp.path, 'extra');
        await tmp.write({ 'extra/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\n' });
        server.faults.forbid({ resource: 'secrets' });
        try {
          const run = await runKubediff([manifests, extra], env);
          assert.equal(run.exitCode, 1, run.stdout + run.stderr);
          assert.match(run.stdout, /^error: shop\/w \(Widget\.v1\.example\.com\): no kind Widget in group\/version example\.com\/v1 is served/m);
          assert.match(run.stdout, /^error: shop\/web-db \(Secret\.v1\): .*403/m);
          assert.ok(run.stdout.includes('## shop/web (Deployment.v1.apps)'), 'drift is still reported next to errors');
          const diff = await runKubediff(['-o', 'diff', manifests, extra], env);
          assert.equal(diff.exitCode, 1);
          // A diff has no room for errors: stderr has them, naming the object and the file as the text output does.
          assert.match(diff.stderr, /^kubediff: error: shop\/w \(Widget\.v1\.example\.com\): no kind Widget in group\/version example\.com\/v1 is served.*\(.*extra\/widget\.yaml, document 1, line 1\)$/m);
          assertNoSecret(run, diff);
        } finally {
          server.faults.clear();
        }
      });

      test('SIGINT while a request hangs: the run is cancelled, exit 1, said on stdout', async () => {
        server.faults.failNext({ hang: true, resource: 'deployments' });
        const before = server.requestLog.count({ path: '/apis' });
        const cli = startKubediff([manifests], env);
        try {
          // Once discovery is answered the CLI is inside the check, its signal handlers installed.
          for (let i = 0; i < 600 && server.requestLog.count({ path: '/apis' }) === before; i++) await new Promise((r) => setTimeout(r, 100));
          cli.signal('SIGINT');
          const run = await cli.done;
          assert.equal(run.exitCode, 1, run.stdout + run.stderr);
          assert.match(run.stdout, /^error: the check was cancelled before it finished: interrupted by SIGINT$/m);
        } finally {
          server.faults.clear();
        }
      });

      test('a 429 storm and dropped connections are retried: the result is the same as without them', async () => {
        server.faults.failNext({ status: 429, retryAfterSeconds: 1, count: 2 });
        server.faults.failNext({ drop: true, count: 2, resource: 'deployments' });
        try {
          const run = await runKubediff(['-o', 'json', manifests], env);
          const report = JSON.parse(run.stdout) as { exitCode: number; errors: unknown[]; requests: { result: string; count: number }[] };
          assert.deepEqual(report.errors, []);
          assert.equal(report.exitCode, 2);
          assert.ok(report.requests.some((r) => r.result === '429'), JSON.stringify(report.requests));
        } finally {
          server.faults.clear();
        }
      });
    }
  });
}

describe('kubediff CLI without a cluster', () => {
  let tmp: TempDir;
  before(async () => {
    tmp = await makeTempDir();
  });
  after(async () => {
    await tmp.remove();
  });

  test('no paths: the usage on stderr, exit 1', async () => {
    const run = await runKubediff([], { PATH: process.env.PATH, HOME: tmp.path });
    assert.equal(run.exitCode, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /Expected at least one path/);
    assert.match(run.stderr, /Usage: kubediff \[flags\] <path>\.\.\./);
  });

  test('an unreachable server: exit 1 with a clear message, never drift', async () => {
    const gone = await startApiServer();
    const kubeconfig = join(tmp.path, 'kubeconfig');
    await gone.writeKubeconfig(kubeconfig);
    await gone.close();
    const dir = await tmp.write({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
    const run = await runKubediff(['-k', kubeconfig, '-e', join(dir, 'cm.yaml')], { PATH: process.env.PATH, HOME: tmp.path });
    assert.equal(run.exitCode, 1, '-e never hides an error');
    assert.match(run.stdout, /^error: .*127\.0\.0\.1:\d+/m);
    assert.match(run.stdout, /0 drifted, 0 missing/);
  });
});
