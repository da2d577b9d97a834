// readBoundedFile on real files: a regular file is read whole; a FIFO with no
// writer, a device, a directory, a missing path and a file over the limit are
// refused at once with the reason, never a hang.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FileReadError, readBoundedFile, type FileReadFailure } from '../../src/files/read-bounded.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-read-bounded-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(path: string, maxBytes = 1024): Promise<FileReadFailure> {
  const error = await readBoundedFile(path, { maxBytes }).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof FileReadError, `a FileReadError for ${path}: ${String(error)}`);
  assert.equal(error.path, path);
  return error.reason;
}

describe('readBoundedFile', () => {
  test('reads a regular file whole, through a symlink too, up to exactly the limit', async () => {
    const file = join(dir, 'config.yml');
    writeFileSync(file, 'x'.repeat(100_000));
    symlinkSync(file, join(dir, 'link.yml'));
    assert.equal((await readBoundedFile(file, { maxBytes: 100_000 })).length, 100_000);
    assert.equal((await readBoundedFile(join(dir, 'link.yml'), { maxBytes: 100_000 })).toString(), 'x'.repeat(100_000));
    writeFileSync(join(dir, 'empty'), '');
    assert.equal((await readBoundedFile(join(dir, 'empty'), { maxBytes: 10 })).length, 0);
  });

  test('a file over the limit is too-large', async () => {
    writeFileSync(join(dir, 'big'), 'x'.repeat(1025));
    assert.equal(await refusal(join(dir, 'big')), 'too-large');
  });

  test('a FIFO without a writer, a device and a directory are not-a-file, at once', async () => {
    const fifo = join(dir, 'fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    assert.equal(await refusal(fifo), 'not-a-file');
    assert.equal(await refusal('/dev/zero'), 'not-a-file');
    assert.equal(await refusal(dir), 'not-a-file');
  });

  test('a missing path is not-found', async () => {
    assert.equal(await refusal(join(dir, 'nope')), 'not-found');
    assert.equal(await refusal(join(dir, 'big', 'below-a-file')), 'not-found');
  });

  test('an aborted signal stops the read with its reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await assert.rejects(readBoundedFile(join(dir, 'empty'), { maxBytes: 10, signal: controller.signal }), /shutting down/);
  });
});
