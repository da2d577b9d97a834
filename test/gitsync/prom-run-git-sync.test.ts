// End to end: the real prom-run with the built-in checker against the
// emulated API server, next to the git-sync reproduction with its webhook
// pointed at POST /-/sync. Waiting before the first sync, a result for each
// new commit soon after the webhook, results that are always whole and from
// one commit while git-sync swaps under running checks, the revision on the
// page, in the JSON and in /metrics (clean under promtool), and a manifests
// folder that is not a git checkout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../../src/kubediff/result.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { GitSyncRepo } from '../support/git-sync.js';
import { startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';

const OBJECTS = 12;
const SWAPS = 15;

/** Every ConfigMap says which commit it is from; the cluster has `live`, so each drifts with want = the commit. */
function manifests(n: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: OBJECTS }, (_, i) => [
      `k8s/cm-${i}.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: default\ndata:\n  commit: "${n}"\n`,
    ]),
  );
}

interface Status {
  readonly waiting: { readonly reason: string } | null;
  readonly latest: { readonly exitCode: number; readonly check?: CheckReport } | null;
}

async function status(app: PromRunProcess): Promise<Status> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as Status;
}

/** The commit a result's objects came from; throws if they are not all from one commit, or the result is not whole. */
function commitOf(check: CheckReport): string {
  assert.deepEqual(check.errors, [], 'no errors (a torn read would fail to read files)');
  assert.equal(check.objects.length, OBJECTS, 'every object, from a whole checkout');
  const wants = new Set(check.objects.map((object) => String(object.differences.find((d) => d.path === '.data.commit')?.want)));
  assert.equal(wants.size, 1, `objects from one commit, got ${[...wants].join(', ')}`);
  return [...wants][0] as string;
}

describe('prom-run with git-sync', () => {
  let cluster: ApiServer;
  let home: string;
  before(async () => {
    cluster = await startApiServer();
    for (let i = 0; i < OBJECTS; i++) {
      cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: { commit: 'live' } });
    }
    home = await mkdtemp(join(tmpdir(), 'kubediff-gitsync-home-'));
  });
  after(async () => {
    await cluster.close();
    await rm(home, { recursive: true, force: true });
  });

  async function start(t: { after(fn: () => unknown): void }, path: string, flags: string[] = []): Promise<PromRunProcess> {
    const app = await startPromRun([...flags, 'kubediff', '--kubeconfig', cluster.kubeconfigPath, path], {
      env: { ...process.env, HOME: home, KUBECONFIG: '' },
    });
    t.after(() => app.stop());
    return app;
  }

  test('waits for the first sync, then checks each commit soon after the webhook', async (t) => {
    const repo = await GitSyncRepo.create();
    t.after(() => repo.cleanup());
    const app = await start(t, join(repo.link, 'k8s'), ['-period=1h', '--repo-url=https://github.com/example/config']);
    repo.webhookUrl = `${app.url}/-/sync`;

    const waiting = await waitFor(async () => (await status(app)).waiting ?? undefined, { what: 'the waiting state' });
    assert.equal(waiting.reason, `waiting for ${join(repo.link, 'k8s')}`);
    assert.equal((await fetch(`${app.url}/readyz`)).status, 503);
    assert.match(await (await fetch(`${app.url}/`)).text(), /<h1>[^<]*waiting for [^<]*\/repo\/k8s<\/h1>/i);
    assert.doesNotMatch(await (await fetch(`${app.url}/metrics`)).text(), /^command_exit_code /m);

    for (const n of [1, 2]) {
      const hash = await repo.commit(manifests(n), { message: `commit ${n}: <b>bold</b>` });
      const synced = Date.now();
      assert.equal((await repo.sync()).webhook, 200);
      const webhookSent = Date.now();
      const latest = await waitFor(
        async () => {
          const current = (await status(app)).latest;
          return current?.check?.revision?.hash === hash ? current : undefined;
        },
        { what: `a result for commit ${n}`, intervalMs: 10 },
      );
      t.diagnostic(`commit ${n}: result ${Date.now() - webhookSent} ms after the webhook returned (${Date.now() - synced} ms incl. the sync)`);
      assert.equal(latest.exitCode, 2);
      assert.equal(commitOf(latest.check as CheckReport), String(n));
      assert.deepEqual(latest.check?.paths, [join(repo.link, 'k8s')]);
      assert.equal(latest.check?.revision?.url, `https://github.com/example/config/commit/${hash}`);

      const page = await (await fetch(`${app.url}/`)).text();
      assert.ok(page.includes(`<a href="https://github.com/example/config/commit/${hash}" rel="noreferrer"><code title="${hash}">${hash.slice(0, 7)}</code></a>`));
      assert.ok(page.includes(`commit ${n}: &lt;b&gt;bold&lt;/b&gt;`), 'the subject is shown, escaped');
      assert.doesNotMatch(page, /\.worktrees/);
      const output = await (await fetch(`${app.url}/output.txt`)).text();
      assert.doesNotMatch(output, /\.worktrees/);
      assert.equal(output.split('\n')[0], `# checked commit ${hash.slice(0, 7)} (commit ${n}: <b>bold</b>)`, 'the output names the commit, as the CLI does');
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      assert.deepEqual(metrics.match(/^kubediff_git_revision_info\{.*$/gm), [
        `kubediff_git_revision_info{revision="${hash}",short_revision="${hash.slice(0, 7)}"} 1`,
      ]);
      assert.match(metrics, /^kubediff_git_commit_timestamp_seconds \d+$/m);
      assert.match(metrics, /^kubediff_git_checkout_changed_timestamp_seconds \d/m);
      assert.match(metrics, /^command_exit_code 2$/m);
      assert.equal((await fetch(`${app.url}/readyz`)).status, 200);
    }

    // git-sync's webhook again for the commit already checked (e.g. git-sync restarted): no run.
    const runsTotal = async (): Promise<number> =>
      [...(await (await fetch(`${app.url}/metrics`)).text()).matchAll(/^command_runs_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    const before = await runsTotal();
    const current = await repo.currentHash();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${app.url}/-/sync`, { method: 'POST', headers: { 'Gitsync-Hash': current ?? '' } });
      assert.equal(response.status, 200);
      assert.match(await response.text(), /already checked/);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await runsTotal(), before, 'no run for a commit already checked');

    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: await (await fetch(`${app.url}/metrics`)).text(), encoding: 'utf8' });
    assert.equal(promtool.error, undefined, 'promtool must be installed (Debian package prometheus)');
    assert.equal(`${promtool.stdout}${promtool.stderr}`.trim(), '');
    assert.equal(promtool.status, 0);
  });

  // 30 swaps with the file-reading stand-in in git-sync-task.test.ts; fewer here, where each costs a real check.
  test(`${SWAPS} swaps while checks run: every result is whole and from the commit it names`, async (t) => {
    const repo = await GitSyncRepo.create();
    t.after(() => repo.cleanup());
    const commits = new Map<string, string>();
    commits.set(await repo.commit(manifests(0), { message: 'commit 0' }), '0');
    await repo.sync();
    // A short period and the webhook keep checks running back to back while git-sync swaps.
    const app = await start(t, join(repo.link, 'k8s'), ['-period=250ms']);
    repo.webhookUrl = `${app.url}/-/sync`;
    await waitFor(async () => (await status(app)).latest ?? undefined, { what: 'the first result' });

    const seen: CheckReport[] = [];
    let swapping = true;
    const poll = (async () => {
      while (swapping) {
        const check = (await status(app)).latest?.check;
        if (check && check.startedAt !== seen.at(-1)?.startedAt) seen.push(check);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    for (let n = 1; n <= SWAPS; n++) {
      commits.set(await repo.commit(manifests(n), { message: `commit ${n}` }), String(n));
      await repo.sync();
    }
    const lastHash = await repo.currentHash();
    await waitFor(async () => ((await status(app)).latest?.check?.revision?.hash === lastHash ? true : undefined), { what: 'the last commit checked' });
    swapping = false;
    await poll;

    assert.ok(seen.length >= 5, `results seen: ${seen.length}`);
    for (const check of seen) {
      assert.equal(check.exitCode, 2);
      const hash = check.revision?.hash ?? '';
      assert.equal(commitOf(check), commits.get(hash), `result for ${hash} has the objects of that commit`);
    }
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    t.diagnostic(`${seen.length} results seen; ${/^kubediff_git_discarded_runs_total (\d+)/m.exec(metrics)?.[1]} torn runs discarded`);
    assert.match(metrics, /^command_runs_total\{exit_code="2"\} \d+$/m);
    assert.doesNotMatch(metrics, /^command_runs_total\{exit_code="1"\}/m, 'no run ever failed');
  });

  test('a manifests folder that is not a git checkout (given with a trailing slash): the revision is unknown, the check works', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'kubediff-plain-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    for (const [file, content] of Object.entries(manifests(7))) {
      await writeFile(join(dir, file.replace('k8s/', '')), content);
    }
    const app = await start(t, `${dir}/`, ['-period=1h']);
    const latest = await waitFor(async () => (await status(app)).latest ?? undefined, { what: 'a result' });
    assert.equal(latest.exitCode, 2);
    assert.equal(commitOf(latest.check as CheckReport), '7');
    assert.equal(latest.check?.revision, undefined);
    assert.deepEqual(latest.check?.paths, [`${dir}/`], 'the path as configured');
    assert.equal(latest.check?.objects[0]?.source.file, join(dir, 'cm-0.yaml'), 'file names without a double slash');
    assert.doesNotMatch(await (await fetch(`${app.url}/output.txt`)).text(), /\/\//);
    assert.match(await (await fetch(`${app.url}/`)).text(), /unknown \(not a git checkout\)/);
    assert.doesNotMatch(await (await fetch(`${app.url}/metrics`)).text(), /^kubediff_git_revision_info\{/m);
  });
});
