import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { innermostLink, isSnapshotIntact, resolveSnapshot } from '../../src/gitsync/snapshot.js';
import { GitSyncRepo } from '../support/git-sync.js';

test('resolves the link to the worktree, and notices the swap afterwards', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const configured = join(repo.link, 'k8s');
  assert.deepEqual(await resolveSnapshot([configured], repo.base), { kind: 'missing', path: configured });
  assert.equal(await innermostLink(configured), undefined);

  const first = await repo.commit({ 'k8s/a.yaml': 'a\n' });
  await repo.sync();
  const resolution = await resolveSnapshot([configured], repo.base);
  assert.equal(resolution.kind, 'ready');
  if (resolution.kind !== 'ready') return;
  const { snapshot } = resolution;
  assert.equal(snapshot.paths[0]?.resolved, join(repo.worktreeFor(first), 'k8s'));
  assert.deepEqual(snapshot.link, { path: repo.link, changedAtMs: (await lstat(repo.link)).mtimeMs });
  assert.equal(await innermostLink(configured), repo.link);
  assert.equal(await isSnapshotIntact(snapshot, repo.base), true);

  await repo.commit({ 'k8s/a.yaml': 'b\n' });
  await repo.sync();
  assert.equal(await isSnapshotIntact(snapshot, repo.base), false, 'the link moved and the old worktree is gone');
});

test('relative paths resolve against cwd; several paths resolve each', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const hash = await repo.commit({ 'app/a.yaml': 'a\n', 'infra/b.yaml': 'b\n' });
  await repo.sync();
  const resolution = await resolveSnapshot(['repo/app', 'repo/infra/b.yaml'], repo.root);
  assert.equal(resolution.kind, 'ready');
  if (resolution.kind !== 'ready') return;
  assert.deepEqual(
    resolution.snapshot.paths.map((path) => [path.configured, path.resolved]),
    [
      ['repo/app', join(repo.worktreeFor(hash), 'app')],
      ['repo/infra/b.yaml', join(repo.worktreeFor(hash), 'infra/b.yaml')],
    ],
  );
  assert.deepEqual(await resolveSnapshot(['repo/app', 'repo/nope'], repo.root), { kind: 'missing', path: 'repo/nope' });
});

test('a symlink that is not git-sync\'s link gives no checkout time', async (t) => {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'kubediff-symlink-')));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'real'));
  await symlink('real', join(dir, 'data'));
  const resolution = await resolveSnapshot(['data'], dir);
  assert.equal(resolution.kind, 'ready');
  if (resolution.kind !== 'ready') return;
  assert.equal(resolution.snapshot.paths[0]?.resolved, join(dir, 'real'));
  assert.equal(resolution.snapshot.link, undefined);
});
