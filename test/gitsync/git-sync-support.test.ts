// The test helper must reproduce git-sync v4's layout, or every other test
// here proves nothing: check the layout, the swap and the webhook directly.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, readlinkSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { execa } from 'execa';
import { GitSyncRepo } from '../support/git-sync.js';

test('lays out root, worktrees and a relative link like git-sync v4, and swaps them', async (t) => {
  const repo = await GitSyncRepo.create();
  t.after(() => repo.cleanup());
  assert.equal(await repo.currentHash(), undefined);

  const first = await repo.commit({ 'k8s/a.yaml': 'a: 1\n' }, { message: 'first' });
  const sync1 = await repo.sync();
  assert.deepEqual(sync1, { hash: first, changed: true });
  assert.ok(lstatSync(join(repo.root, '.git')).isDirectory());
  assert.equal(readlinkSync(repo.link), join('.worktrees', first));
  assert.match(readFileSync(join(repo.worktreeFor(first), '.git'), 'utf8'), new RegExp(`^gitdir: \\.\\./\\.\\./\\.git/worktrees/${first}\\n$`));
  assert.equal(readFileSync(join(repo.link, 'k8s/a.yaml'), 'utf8'), 'a: 1\n');
  const head = await execa('git', ['rev-parse', 'HEAD'], { cwd: join(repo.link, 'k8s') });
  assert.equal(head.stdout, first);

  assert.deepEqual(await repo.sync(), { hash: first, changed: false });

  const second = await repo.commit({ 'k8s/a.yaml': 'a: 2\n' }, { message: 'second' });
  assert.deepEqual(await repo.sync(), { hash: second, changed: true });
  assert.equal(await repo.currentHash(), second);
  assert.equal(existsSync(repo.worktreeFor(first)), false, 'the old worktree is deleted at once');
  assert.equal(existsSync(join(repo.root, 'tmp-link')), false);
  assert.equal(readFileSync(join(repo.link, 'k8s/a.yaml'), 'utf8'), 'a: 2\n');
  const worktrees = await execa('git', ['worktree', 'list', '--porcelain'], { cwd: repo.root });
  assert.doesNotMatch(worktrees.stdout, new RegExp(first));
});

test('POSTs the webhook with Gitsync-Hash after the first sync and each change', async (t) => {
  const received: { method?: string; hash?: string }[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method, hash: req.headers['gitsync-hash'] as string | undefined });
    res.end('ok');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/-/sync`;
  const repo = await GitSyncRepo.create({ webhookUrl: url });
  t.after(() => repo.cleanup());

  const first = await repo.commit({ 'a.yaml': 'a: 1\n' });
  assert.equal((await repo.sync()).webhook, 200);
  assert.equal((await repo.sync()).webhook, undefined, 'no change, no webhook');
  const second = await repo.commit({ 'a.yaml': 'a: 2\n' });
  assert.equal((await repo.sync()).webhook, 200);
  assert.deepEqual(received, [
    { method: 'POST', hash: first },
    { method: 'POST', hash: second },
  ]);
});
