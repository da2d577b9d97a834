// Runs the test files under test/ (or under the paths given) with Node's own
// test runner. Node 20 does not expand globs itself, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findTests(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .flatMap((entry) => findTests(join(path, entry.name)))
    .sort();
}

// Several whole suites at once on one small machine (several checkouts of the
// project) starve each other: every run gets slow and the tests that start
// real servers and browsers time out. Whole suites therefore queue on a
// machine-wide lock (flock, from util-linux); runs of a few files do not.
const LOCK = join(tmpdir(), 'kubediff-full-suite.lock');

function runQueued(args) {
  const free = spawnSync('flock', ['--nonblock', LOCK, 'true']);
  if (free.error) return undefined; // no flock here: run at once
  if (free.status !== 0) console.error(`test: another whole test suite is running on this machine; waiting for it (${LOCK})`);
  return spawnSync('flock', [LOCK, process.execPath, ...args], { stdio: 'inherit', env: { ...process.env, KUBEDIFF_TEST: '1' } });
}

const roots = process.argv.slice(2);
const files = (roots.length > 0 ? roots : ['test']).flatMap(findTests);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(' ') || 'test'}`);
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const result =
  (roots.length === 0 ? runQueued(args) : undefined) ??
  spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, KUBEDIFF_TEST: '1' } });
process.exit(result.status ?? 1);
