// The git-sync wrapper around the kubediff task, with real git, the git-sync
// reproduction, and a small task that reads files slowly the way the checker
// reads manifests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { readRevision } from '../../src/gitsync/revision.js';
import type { RevisionReader } from '../../src/gitsync/snapshot-run.js';
import { simpleGit } from 'simple-git';
import { CheckoutState } from '../../src/gitsync/checkout-state.js';
import { createGitSyncTask } from '../../src/gitsync/git-sync-task.js';
import { RevisionMetrics } from '../../src/gitsync/revision-metrics.js';
import { parseRepoUrl } from '../../src/gitsync/commit-url.js';
import type { Task, TaskOutcome } from '../../src/runner/task.js';
import { GitSyncRepo } from '../support/git-sync.js';
import { createReadingTask, type ReadingTaskStats } from './reading-task.js';

const FILES = 8;

function commitFiles(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`k8s/f${i}.yaml`, `commit-${n}\n`]));
}

function setup(repo: GitSyncRepo, createTask: (paths: readonly string[]) => Task, extra: { maxAttempts?: number; readRevision?: RevisionReader; logger?: Logger } = {}) {
  const registry = new Registry();
  const state = new CheckoutState();
  const metrics = new RevisionMetrics(registry);
  const task = createGitSyncTask({
    paths: [join(repo.link, 'k8s')],
    cwd: repo.base,
    createTask,
    state,
    metrics,
    commitUrl: parseRepoUrl('https://git.example.com/org/config.git'),
    ...extra,
    logger: extra.logger ?? silentLogger,
  });
  return { task, state, registry };
}

const run = (task: Task): Promise<TaskOutcome> => task.run({ signal: new AbortController().signal });

test('30 swaps while runs loop: every result is whole, from one commit, with its revision', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const hashes = new Map<string, number>();
  hashes.set(await repo.commit(commitFiles(0), { message: 'commit 0' }), 0);
  await repo.sync();
  const { task, registry } = setup(repo, (paths) => createReadingTask(paths, 3));

  let swapping = true;
  const swaps = (async () => {
    for (let n = 1; n <= 30; n++) {
      hashes.set(await repo.commit(commitFiles(n), { message: `commit ${n}` }), n);
      await repo.sync();
    }
    swapping = false;
  })();
  const outcomes: TaskOutcome[] = [];
  while (swapping) outcomes.push(await run(task));
  await swaps;
  outcomes.push(await run(task));

  const results = outcomes.filter((outcome) => outcome.skipped === undefined);
  assert.ok(results.length >= 5, `expected several results, got ${results.length}`);
  for (const outcome of results) {
    const check = outcome.check;
    assert.ok(check);
    assert.equal(outcome.exitCode, 0, outcome.output);
    assert.deepEqual(check.errors, []);
    assert.equal(check.objects.length, FILES);
    const names = new Set(check.objects.map((object) => object.ref.name));
    assert.equal(names.size, 1, `one commit per result, got ${[...names].join(', ')}`);
    const n = hashes.get(check.revision?.hash ?? '');
    assert.equal([...names][0], `commit-${n}`, 'the revision is the commit the files came from');
    assert.equal(check.revision?.subject, `commit ${n}`);
    for (const object of check.objects) assert.ok(object.source.file.startsWith(join(repo.link, 'k8s')), object.source.file);
    assert.doesNotMatch(outcome.output, /\.worktrees/);
  }
  for (const outcome of outcomes.filter((o) => o.skipped)) {
    // A run is skipped only after every try was torn (rare, under load), with this reason.
    assert.match(outcome.skipped?.reason ?? '', /^checkout kept changing during \d+ tries/);
  }
  const last = results.at(-1)?.check;
  assert.equal(last?.revision?.hash, await repo.currentHash(), 'the last run checked the last commit');
  // Runs loop back to back, so the swaps land inside runs: torn runs were seen and thrown away.
  const discarded = (await registry.getSingleMetric('kubediff_git_discarded_runs_total')?.get())?.values[0]?.value ?? 0;
  assert.ok(discarded >= 1, `expected discarded runs, got ${discarded}`);
});

test('a run torn by a sync is retried on the new commit; one that keeps being torn is skipped', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  await repo.commit(commitFiles(1), { message: 'one' });
  await repo.sync();
  let syncsLeft = 1;
  const stats: ReadingTaskStats = { runs: 0 };
  const swapDuringRun = (paths: readonly string[]): Task => {
    const inner = createReadingTask(paths, 0, stats);
    return {
      ...inner,
      async run(options) {
        const outcome = await inner.run(options);
        if (syncsLeft-- > 0) {
          await repo.commit(commitFiles(stats.runs + 1), { message: 'next' });
          await repo.sync();
        }
        return outcome;
      },
    };
  };
  const retried = setup(repo, swapDuringRun);
  const outcome = await run(retried.task);
  assert.equal(stats.runs, 2);
  assert.equal(outcome.check?.revision?.hash, await repo.currentHash());
  assert.equal(outcome.check?.objects[0]?.ref.name, 'commit-2');

  syncsLeft = 10;
  const unstable = setup(repo, swapDuringRun, { maxAttempts: 3 });
  const skipped = await run(unstable.task);
  assert.equal(skipped.check, undefined);
  assert.equal(skipped.skipped?.reason, 'checkout kept changing during 3 tries; the next run will retry');
});

test('waits for the path before the first sync, then checks it', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const stats: ReadingTaskStats = { runs: 0 };
  const { task } = setup(repo, (paths) => createReadingTask(paths, 0, stats));
  const waiting = await run(task);
  assert.deepEqual(waiting.skipped, { reason: `waiting for ${join(repo.link, 'k8s')}` });
  assert.equal(waiting.check, undefined);
  assert.equal(stats.runs, 0, 'the checker does not run while waiting');

  const hash = await repo.commit(commitFiles(1), { message: 'first', author: 'Ada <ada@example.com>', date: '2026-03-04T05:06:07Z' });
  await repo.sync();
  const outcome = await run(task);
  assert.equal(outcome.skipped, undefined);
  assert.deepEqual(outcome.check?.revision, {
    hash,
    shortHash: hash.slice(0, 7),
    subject: 'first',
    author: 'Ada',
    committedAt: '2026-03-04T05:06:07.000Z',
    url: `https://git.example.com/org/config/commit/${hash}`,
  });
  assert.deepEqual(outcome.check?.paths, [join(repo.link, 'k8s')]);

  // Once it existed, a missing path is the checker's error, not "waiting".
  await repo.commit({ ...Object.fromEntries(Object.keys(commitFiles(1)).map((file) => [file, null])), 'other.yaml': 'x\n' });
  await repo.sync();
  const missing = await run(task);
  assert.equal(missing.skipped, undefined);
  assert.equal(missing.exitCode, 1);
});

test('a path that is not a git checkout works, with the revision unknown', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-plain-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'k8s'));
  await writeFile(join(dir, 'k8s', 'a.yaml'), 'plain\n');
  const registry = new Registry();
  const task = createGitSyncTask({
    paths: ['k8s'],
    cwd: dir,
    createTask: (paths) => createReadingTask(paths, 0),
    state: new CheckoutState(),
    metrics: new RevisionMetrics(registry),
    logger: silentLogger,
  });
  const outcome = await run(task);
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.check?.revision, undefined);
  assert.deepEqual(outcome.check?.paths, ['k8s']);
  assert.equal(outcome.check?.objects[0]?.source.file, join('k8s', 'a.yaml'));
  const text = await registry.metrics();
  assert.doesNotMatch(text, /kubediff_git_revision_info\{/);
  assert.match(text, /^kubediff_git_checkout_changed_timestamp_seconds \d/m);
});

test('an interrupted run does not count its commit as checked', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  await repo.commit(commitFiles(1));
  await repo.sync();
  const controller = new AbortController();
  const timedOut = (paths: readonly string[]): Task => ({
    kind: 'kubediff',
    display: `kubediff ${paths.join(' ')}`,
    async run() {
      controller.abort();
      return { exitCode: 124, timedOut: true, output: `timed out reading ${paths.join(' ')}\n`, outputTruncated: false };
    },
  });
  const { task, state, registry } = setup(repo, timedOut);
  const outcome = await task.run({ signal: controller.signal });
  assert.equal(outcome.exitCode, 124);
  assert.equal(outcome.check, undefined);
  assert.equal(outcome.output, `timed out reading ${join(repo.link, 'k8s')}\n`);
  assert.equal(state.lastCheckedHash, undefined);
  assert.doesNotMatch(await registry.metrics(), /^kubediff_git_revision_info\{/m);
});

// The interleavings below happened under load in the 15-swap end-to-end test
// (a result with no commit but the objects of the next one); a revision
// reader that syncs at the right instant makes them happen every time.
test('git-sync deletes the worktree as its commit is read: the run is done on the new commit, not published without one', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  await repo.commit(commitFiles(1), { message: 'one' });
  await repo.sync();
  let swapped = false;
  const swapThenRead: RevisionReader = async (path, signal) => {
    if (!swapped) {
      swapped = true;
      await repo.commit(commitFiles(2), { message: 'two' });
      await repo.sync(); // renames the link to commit 2's worktree, deletes commit 1's (`path`)
      // What readRevision met when the deletion landed after its stat: simple-git refuses a folder that does not exist.
      simpleGit({ baseDir: path });
    }
    return readRevision(path, signal);
  };
  const stats: ReadingTaskStats = { runs: 0 };
  const { task } = setup(repo, (paths) => createReadingTask(paths, 0, stats), { readRevision: swapThenRead });
  const outcome = await run(task);
  assert.ok(swapped);
  assert.equal(outcome.exitCode, 0, outcome.output);
  assert.equal(outcome.check?.revision?.hash, await repo.currentHash(), 'the result names the commit it checked');
  assert.deepEqual(new Set(outcome.check?.objects.map((object) => object.ref.name)), new Set(['commit-2']));
  assert.equal(stats.runs, 1, 'no check ran on the deleted worktree, nor on the paths as configured');
});

test('a commit read that fails once while the checkout stays put is read again; one that never works leaves the revision unknown, said in the log', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const hash = await repo.commit(commitFiles(1), { message: 'one' });
  await repo.sync();
  let failures = 1;
  const flaky: RevisionReader = async (path, signal) => (failures-- > 0 ? undefined : readRevision(path, signal));
  const once = setup(repo, (paths) => createReadingTask(paths, 0), { readRevision: flaky });
  const outcome = await run(once.task);
  assert.equal(outcome.check?.revision?.hash, hash);
  assert.equal(once.state.lastCheckedHash, hash);

  const warnings: string[] = [];
  const logger: Logger = { log: (level, message) => void (level === 'warn' && warnings.push(message)) };
  const stats: ReadingTaskStats = { runs: 0 };
  const broken = setup(repo, (paths) => createReadingTask(paths, 0, stats), { readRevision: async () => undefined, logger });
  const unknown = await run(broken.task);
  assert.equal(unknown.exitCode, 0, unknown.output);
  assert.equal(unknown.check?.revision, undefined);
  assert.equal(unknown.check?.objects.length, FILES, 'the check itself stands');
  assert.equal(stats.runs, 1);
  assert.deepEqual(warnings, ['cannot read the commit of the checkout; the result names none']);
});
