// A checkout with uncommitted changes in the checked files is not the commit:
// every output says `<hash>+dirty` instead of reporting the clean commit.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { Registry } from 'prom-client';
import { readRevision } from '../../src/gitsync/revision.js';
import { RevisionMetrics } from '../../src/gitsync/revision-metrics.js';
import { renderText } from '../../src/kubediff/output/index.js';
import { renderStatus } from '../../src/web/kubediff/render-status.js';
import { makeObject, makePageData, makeReport } from '../web/kubediff/report-fixture.js';

async function repoWithCommit(): Promise<{ dir: string; git: (...args: string[]) => Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-dirty-'));
  const git = async (...args: string[]) => (await execa('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args])).stdout;
  await git('init', '-q');
  await mkdir(join(dir, 'k8s'));
  await mkdir(join(dir, 'docs'));
  await writeFile(join(dir, 'k8s', 'a.yaml'), 'a: 1\n');
  await writeFile(join(dir, 'docs', 'notes.md'), 'x\n');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'first');
  return { dir, git };
}

test('readRevision says dirty for modified, staged, deleted and untracked files under the checked path, and only there', async (t) => {
  const { dir, git } = await repoWithCommit();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const k8s = join(dir, 'k8s');
  assert.equal((await readRevision(k8s))?.dirty, undefined, 'clean');

  await writeFile(join(dir, 'docs', 'notes.md'), 'changed\n');
  assert.equal((await readRevision(k8s))?.dirty, undefined, 'a change outside the checked path does not count');

  await writeFile(join(k8s, 'a.yaml'), 'a: 2\n');
  const dirty = await readRevision(k8s);
  assert.equal(dirty?.dirty, true, 'modified');
  assert.equal(dirty?.hash, await git('rev-parse', 'HEAD'));
  assert.equal((await readRevision(join(k8s, 'a.yaml')))?.dirty, true, 'the file itself, given as the path');

  await git('checkout', '--', 'k8s/a.yaml');
  await writeFile(join(k8s, 'new.yaml'), 'b: 1\n');
  assert.equal((await readRevision(k8s))?.dirty, true, 'untracked manifest');
  assert.equal((await readRevision(join(k8s, 'a.yaml')))?.dirty, undefined, 'another file of the folder is clean');
  await git('add', 'k8s/new.yaml');
  assert.equal((await readRevision(k8s))?.dirty, true, 'staged');
  await git('rm', '-q', '--cached', 'k8s/new.yaml');
  await rm(join(k8s, 'new.yaml'));
  assert.equal((await readRevision(k8s))?.dirty, undefined, 'clean again');
  await rm(join(k8s, 'a.yaml'));
  assert.equal((await readRevision(k8s))?.dirty, true, 'deleted');
});

test('text, page and metrics name a dirty checkout as <short hash>+dirty', async () => {
  const revision = { hash: 'a'.repeat(40), shortHash: 'aaaaaaa', subject: 'Scale web', author: 'T', committedAt: '2026-01-01T00:00:00.000Z', dirty: true as const };
  const report = makeReport([makeObject('ConfigMap', 'shop', 'settings', 'in-sync')], { revision });
  assert.ok(renderText(report).startsWith('# checked commit aaaaaaa+dirty (Scale web; with uncommitted changes, which were checked too)\n'));
  const html = renderStatus(makePageData(report)).toString();
  assert.match(html, /<code title="a{40}">aaaaaaa\+dirty<\/code>.*with uncommitted changes, which were checked too/);
  const registry = new Registry();
  new RevisionMetrics(registry).observe({ revision, changedAtMs: 0 });
  assert.match(await registry.metrics(), /^kubediff_git_revision_info\{revision="a{40}\+dirty",short_revision="aaaaaaa\+dirty"\} 1$/m);
});
