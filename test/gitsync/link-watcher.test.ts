// --watch with real git-sync swaps: the link's folder is watched, so each
// sync (tmp-link renamed over the link) gives one notification with the new
// commit, including the first sync, when the link did not exist yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/log/logger.js';
import { LinkWatcher } from '../../src/gitsync/link-watcher.js';
import { GitSyncRepo } from '../support/git-sync.js';

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('notifies once per sync with the commit the link names, from before the first sync on', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const seen: (string | undefined)[] = [];
  const watcher = new LinkWatcher({
    path: join(repo.link, 'k8s'),
    cwd: repo.base,
    onChange: (hash) => seen.push(hash),
    logger: silentLogger,
    debounceMs: 100,
  });
  t.after(() => watcher.close());
  await watcher.start();

  const first = await repo.commit({ 'k8s/a.yaml': 'a\n' });
  await repo.sync();
  await waitFor('the first sync', () => (seen.includes(first) ? true : undefined));

  for (const content of ['b', 'c']) {
    const hash = await repo.commit({ 'k8s/a.yaml': `${content}\n` });
    await repo.sync();
    await waitFor(`commit ${content}`, () => (seen.at(-1) === hash ? true : undefined));
  }
  assert.equal(seen.filter((hash) => hash !== undefined).length, 3, `one notification per sync: ${seen.join(', ')}`);

  const count = seen.length;
  await repo.commit({ 'unrelated.txt': 'x\n' }, { message: 'no manifests changed, still a new commit' });
  await repo.sync();
  await waitFor('a sync of an unrelated change', () => (seen.length > count ? true : undefined));
  watcher.close();
  const closedAt = seen.length;
  await repo.commit({ 'k8s/a.yaml': 'd\n' });
  await repo.sync();
  await sleep(300);
  assert.equal(seen.length, closedAt, 'nothing after close');
});

test('a path that cannot be looked at (a symlink loop) is logged and retried, never a rejection', async (t) => {
  const { mkdtemp, rm, symlink, unlink, mkdir } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'link-watcher-loop-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // lstat of <dir>/repo/k8s fails with ELOOP (not "missing"): repo points at itself.
  await symlink(join(dir, 'repo'), join(dir, 'repo'));
  const warnings: string[] = [];
  let changes = 0;
  const watcher = new LinkWatcher({
    path: 'repo/k8s',
    cwd: dir,
    onChange: () => void changes++,
    logger: { log: (level, msg) => void (level === 'warn' && warnings.push(msg)) },
    debounceMs: 20,
    retryMs: 50,
  });
  t.after(() => watcher.close());
  await watcher.start();
  assert.ok(warnings.length > 0, 'the failure is logged');

  // Once the path can be looked at, a retry watches it, and the path that
  // appeared while nothing watched (before the retry, 50 ms later) is noticed.
  await unlink(join(dir, 'repo'));
  await mkdir(join(dir, 'repo'));
  await mkdir(join(dir, 'repo', 'k8s'));
  await waitFor('the change notification', () => (changes > 0 ? true : undefined));
});
