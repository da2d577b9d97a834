import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRevision } from '../../src/gitsync/revision.js';
import { GitSyncRepo } from '../support/git-sync.js';

test('reads the commit of a git-sync worktree, from a folder or a file in it', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const hash = await repo.commit(
    { 'k8s/a.yaml': 'a\n' },
    { message: 'Scale <web> to 3 & "more"\n\nbody text', author: 'Grace Hopper <grace@example.com>', date: '2026-05-06T07:08:09+02:00' },
  );
  await repo.sync();
  const expected = {
    hash,
    shortHash: hash.slice(0, 7),
    subject: 'Scale <web> to 3 & "more"',
    author: 'Grace Hopper',
    committedAt: '2026-05-06T05:08:09.000Z',
  };
  assert.deepEqual(await readRevision(join(repo.worktreeFor(hash), 'k8s')), expected);
  assert.deepEqual(await readRevision(join(repo.worktreeFor(hash), 'k8s', 'a.yaml')), expected);
});

test('is unknown outside a git checkout and for a vanished worktree', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-plain-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'a.yaml'), 'a\n');
  assert.equal(await readRevision(dir), undefined);
  assert.equal(await readRevision(join(dir, 'a.yaml')), undefined);
  assert.equal(await readRevision(join(dir, 'gone')), undefined);
});

test('a subject holding the field separator (\\x1f) is read as it is, not as a broken date that throws', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  const hash = await repo.commit(
    { 'k8s/a.yaml': 'a\n' },
    { message: 'fix\x1fthing', author: 'Grace Hopper <grace@example.com>', date: '2026-05-06T07:08:09+02:00' },
  );
  await repo.sync();
  const revision = await readRevision(join(repo.worktreeFor(hash), 'k8s'));
  assert.equal(revision?.hash, hash);
  assert.equal(revision?.subject, 'fix\x1fthing');
  assert.equal(revision?.author, 'Grace Hopper');
  assert.equal(revision?.committedAt, '2026-05-06T05:08:09.000Z');
});
