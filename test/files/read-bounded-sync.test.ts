// The synchronous bounded reader for small configuration files: regular files
// only (a FIFO would block the open forever, a device is refused before it is
// opened), and the byte cap enforced while reading (a /proc file says size 0
// in stat and still holds bytes).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFileSync, SyncFileReadError, type SyncReadProblem } from '../../src/files/read-bounded-sync.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-read-sync-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function failsWith(problem: SyncReadProblem, detail: RegExp) {
  return (err: unknown) => err instanceof SyncFileReadError && err.problem === problem && detail.test(err.detail) && err.message.startsWith(err.path);
}

test('a regular file is read whole, up to and including the cap', () => {
  const file = join(dir, 'ok');
  writeFileSync(file, 'x'.repeat(200_000));
  assert.equal(readRegularFileSync(file, 200_000).length, 200_000);
  assert.throws(() => readRegularFileSync(file, 199_999), failsWith('too-large', /more than 199999 bytes/));
});

test('the cap holds while reading: /proc/self/status has size 0 in stat', () => {
  assert.ok(readRegularFileSync('/proc/self/status', 1024 * 1024).length > 100);
  assert.throws(() => readRegularFileSync('/proc/self/status', 100), failsWith('too-large', /more than 100 bytes/));
});

test('a FIFO, devices, links to devices and directories are refused without blocking', () => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  assert.throws(() => readRegularFileSync(fifo, 10), failsWith('not-regular', /a FIFO/));
  assert.throws(() => readRegularFileSync('/dev/zero', 10), failsWith('not-regular', /a character device/));
  const link = join(dir, 'zero');
  symlinkSync('/dev/zero', link);
  assert.throws(() => readRegularFileSync(link, 10), failsWith('not-regular', /a character device/));
  mkdirSync(join(dir, 'sub'));
  assert.throws(() => readRegularFileSync(join(dir, 'sub'), 10), failsWith('not-regular', /a directory/));
});

test('missing files and symbolic link loops say so', () => {
  assert.throws(() => readRegularFileSync(join(dir, 'absent'), 10), failsWith('not-found', /does not exist/));
  const loop = join(dir, 'loop');
  symlinkSync(loop, loop);
  assert.throws(() => readRegularFileSync(loop, 10), failsWith('unreadable', /symbolic links/));
});
