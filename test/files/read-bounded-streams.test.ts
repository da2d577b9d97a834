// readBoundedFile with streams allowed, and readStreamBounded, on real FIFOs,
// devices and sockets: the byte cap holds while reading (stat says 0 for
// /dev/zero), nothing but a regular file is opened unless named explicitly,
// and a FIFO with no writer never takes a libuv thread (so aborts work and
// other file reads go on).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { FileReadError, readBoundedFile, readStreamBounded } from '../../src/files/read-bounded.js';

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

async function rejectsWith(promise: Promise<unknown>, problem: string, kind?: string): Promise<FileReadError> {
  const error = await promise.then(
    () => assert.fail(`expected a FileReadError (${problem})`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof FileReadError, String(error));
  assert.equal(error.reason, problem, error.message);
  if (kind !== undefined) assert.equal(error.kind, kind);
  return error;
}

describe('readBoundedFile with streams', () => {
  let dir: string;
  let server: Server | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubediff-read-'));
  });
  after(async () => {
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('reads a regular file; exactly the cap is allowed, one byte more is too large', async () => {
    const path = join(dir, 'ten.yaml');
    await writeFile(path, '0123456789');
    assert.equal((await readBoundedFile(path, { maxBytes: 10 })).toString(), '0123456789');
    const error = await rejectsWith(readBoundedFile(path, { maxBytes: 9 }), 'too-large');
    assert.match(error.message, /is larger than 9 bytes/);
  });

  test('a file larger than one read chunk is read whole', async () => {
    const path = join(dir, 'big.yaml');
    const text = 'x'.repeat(200_000);
    await writeFile(path, text);
    assert.equal((await readBoundedFile(path, { maxBytes: 1 << 20 })).toString(), text);
  });

  test('/dev/zero (size 0 by stat) is refused in walks, and bounded while reading when named', async () => {
    await rejectsWith(readBoundedFile('/dev/zero', { maxBytes: 1 << 20 }), 'not-a-file', 'character device');
    const link = join(dir, 'zero.yaml');
    await symlink('/dev/zero', link);
    await rejectsWith(readBoundedFile(link, { maxBytes: 1 << 20 }), 'not-a-file', 'character device');
    const before = process.memoryUsage().rss;
    const error = await rejectsWith(readBoundedFile(link, { maxBytes: 1 << 20, allowStreams: true }), 'too-large');
    assert.match(error.message, /is larger than 1 MiB/);
    assert.ok(process.memoryUsage().rss - before < 64 << 20, 'read no more than about the cap');
  });

  test('a FIFO is refused without being opened when only regular files are read', async () => {
    const fifo = join(dir, 'refused.yaml');
    mkfifo(fifo);
    await rejectsWith(readBoundedFile(fifo, { maxBytes: 100 }), 'not-a-file', 'fifo');
  });

  test('a named FIFO is read as a stream once its writer comes', async () => {
    const fifo = join(dir, 'late-writer.yaml');
    mkfifo(fifo);
    const reading = readBoundedFile(fifo, { maxBytes: 1000, allowStreams: true });
    setTimeout(() => createWriteStream(fifo).end('kind: ConfigMap\n'), 50);
    assert.equal((await reading).toString(), 'kind: ConfigMap\n');
  });

  test('a named FIFO is bounded while reading', async () => {
    const fifo = join(dir, 'endless.yaml');
    mkfifo(fifo);
    const reading = readBoundedFile(fifo, { maxBytes: 4096, allowStreams: true });
    const writer = createWriteStream(fifo);
    writer.on('error', () => undefined); // EPIPE once the reader gave up
    writer.write('y'.repeat(10_000));
    await rejectsWith(reading, 'too-large');
    writer.destroy();
  });

  test('FIFOs with no writer hold no thread: more of them than libuv has threads, then a file read still completes, then all abort', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    const waiting: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) {
      const fifo = join(dir, `no-writer-${i}.yaml`);
      mkfifo(fifo);
      waiting.push(readBoundedFile(fifo, { maxBytes: 100, allowStreams: true, signal: controller.signal }).catch((error: unknown) => error));
    }
    const path = join(dir, 'plain.yaml');
    await writeFile(path, 'still readable');
    // With a thread blocked per FIFO open (libuv has 4), this read would never finish.
    assert.equal(await readFile(path, 'utf8'), 'still readable');
    assert.equal((await readBoundedFile(path, { maxBytes: 100 })).toString(), 'still readable');
    controller.abort(new Error('run timed out'));
    for (const outcome of await Promise.all(waiting)) {
      assert.ok(outcome instanceof Error);
      assert.equal(outcome.message, 'run timed out');
    }
  });

  test('a socket is not read in walks, and is an error when named', async () => {
    const path = join(dir, 'app.sock');
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(path, resolve));
    await rejectsWith(readBoundedFile(path, { maxBytes: 100 }), 'not-a-file', 'socket');
    await rejectsWith(readBoundedFile(path, { maxBytes: 100, allowStreams: true }), 'not-a-file');
  });

  test('a directory, a missing file and an abort before reading', async () => {
    await rejectsWith(readBoundedFile(dir, { maxBytes: 100 }), 'not-a-file');
    const missing = await rejectsWith(readBoundedFile(join(dir, 'nope.yaml'), { maxBytes: 100 }), 'not-found');
    assert.match(missing.message, /does not exist/);
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await assert.rejects(readBoundedFile(join(dir, 'ten.yaml'), { maxBytes: 100, signal: controller.signal }), /shutting down/);
  });
});

describe('readStreamBounded', () => {
  test('reads to the end, and destroys the stream past the cap or on abort', async () => {
    const whole = new PassThrough();
    const reading = readStreamBounded(whole, { maxBytes: 10, name: 'standard input (-)' });
    whole.end('abc');
    assert.equal((await reading).toString(), 'abc');

    const tooMuch = new PassThrough();
    const bounded = readStreamBounded(tooMuch, { maxBytes: 10, name: 'standard input (-)' });
    tooMuch.write('0123456789abc');
    const error = await bounded.catch((caught: unknown) => caught);
    assert.ok(error instanceof FileReadError && error.reason === 'too-large');
    assert.match(error.message, /^standard input \(-\) is larger than 10 bytes/);
    assert.equal(tooMuch.destroyed, true);

    const stuck = new PassThrough();
    const controller = new AbortController();
    const aborted = readStreamBounded(stuck, { maxBytes: 10, name: '-', signal: controller.signal });
    controller.abort(new Error('interrupted by SIGTERM'));
    await assert.rejects(aborted, /interrupted by SIGTERM/);
    assert.equal(stuck.destroyed, true);
  });
});
