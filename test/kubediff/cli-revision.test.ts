// The one-shot CLI names the commit it checked when the manifests are in a git
// checkout (a real temporary repository), and says nothing about it otherwise.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { makeTempDir } from './helpers/temp.js';
import { runKubediff } from './helpers/processes.js';

// No objects in the manifests and no cluster: the check is never green on
// nothing (exit 1, saying why), and names the commit all the same.
const MANIFESTS = { 'k8s/empty.yaml': '# nothing deployed yet\n' };

function envFor(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, KUBECONFIG: join(home, 'no-kubeconfig') };
}

test('in a git checkout, -o json carries the commit and the text output names it first', async (t) => {
  const tmp = await makeTempDir();
  t.after(() => tmp.remove());
  const repo = join(tmp.path, 'repo');
  await tmp.write(Object.fromEntries(Object.entries(MANIFESTS).map(([file, text]) => [`repo/${file}`, text])));
  const git = (...args: string[]) =>
    execa('git', ['-C', repo, ...args], {
      env: { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_AUTHOR_DATE: '2026-05-06T07:08:09+00:00', GIT_COMMITTER_DATE: '2026-05-06T07:08:09+00:00' },
    });
  await git('init', '-q');
  await git('add', '.');
  await git('commit', '-q', '-m', 'Add the empty manifests');
  const hash = (await git('rev-parse', 'HEAD')).stdout.trim();
  const env = envFor(tmp.path);

  const json = await runKubediff(['-o', 'json', join(repo, 'k8s')], env);
  assert.equal(json.exitCode, 1, json.stdout + json.stderr);
  const report = JSON.parse(json.stdout) as { revision?: Record<string, unknown>; errors: { message: string }[] };
  assert.match(report.errors[0]?.message ?? '', /^nothing to check: found no objects in .*k8s: the files hold no objects$/);
  assert.deepEqual(report.revision, {
    hash,
    shortHash: hash.slice(0, 7),
    subject: 'Add the empty manifests',
    author: 'Ada Lovelace',
    committedAt: '2026-05-06T07:08:09.000Z',
  });

  const text = await runKubediff([join(repo, 'k8s', 'empty.yaml')], env);
  assert.equal(text.exitCode, 1, text.stdout + text.stderr);
  assert.equal(text.stdout.split('\n')[0], `# checked commit ${hash.slice(0, 7)} (Add the empty manifests)`);
  assert.match(text.stdout, /^kubediff: 0 objects \(0 in sync, 0 drifted, 0 missing, 0 failed\); 0 differences; 2 other errors; exit 1$/m);
  assert.equal(text.stderr, '');
});

test('outside a git checkout the commit is unknown, without an error', async (t) => {
  const tmp = await makeTempDir();
  t.after(() => tmp.remove());
  await tmp.write(MANIFESTS);
  // Whatever holds the temp folder, git looks no higher than it.
  const env = { ...envFor(tmp.path), GIT_CEILING_DIRECTORIES: dirname(tmp.path) };
  const json = await runKubediff(['-o', 'json', join(tmp.path, 'k8s')], env);
  assert.equal(json.exitCode, 1, json.stdout + json.stderr);
  assert.equal('revision' in (JSON.parse(json.stdout) as object), false);
  const text = await runKubediff([join(tmp.path, 'k8s')], env);
  assert.equal(text.exitCode, 1);
  assert.doesNotMatch(text.stdout, /checked commit/);
  assert.equal(text.stderr, '');
});
