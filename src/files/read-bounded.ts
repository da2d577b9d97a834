// Reads a file the user named, safely, into memory: at most `maxBytes`,
// counted while reading (stat() says 0 bytes for /dev/zero, and a file may
// grow while it is read), abortable, and only from a regular file unless the
// caller says the path was named explicitly as a stream (then FIFOs, process
// substitutions and terminals are read as streams). The error says why a file
// could not be read, for messages that name it.
//
// Nothing here may block a libuv thread forever: open(2) of a FIFO with no
// writer blocks until one comes, and a read(2) of a terminal blocks until
// someone types, and neither can be cancelled. So the type is looked at before
// opening (opening some devices already does something), every open is
// O_NONBLOCK and checked again with fstat (the path may be swapped between the
// two), and FIFOs and terminals are read through Node's event-loop streams
// (which wait for data without a thread and can be destroyed), never fs.read.
import { close, constants, fstat, open, read, stat, type Stats } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { isatty, ReadStream as TtyReadStream } from 'node:tty';
import { promisify } from 'node:util';
import { KubediffError } from '../errors.js';
import { describeFileKind, fileKindOf, formatBytes, type FileKind } from './file-kind.js';

export type FileReadFailure =
  | 'not-found'
  /** A directory, FIFO, socket or device where a regular file is read. */
  | 'not-a-file'
  | 'too-large'
  | 'permission-denied'
  /** A device with no data now (O_NONBLOCK said EAGAIN). */
  | 'would-block'
  | 'unreadable';

/** The file could not be read: `reason` says why, `path` is as given, `kind` what it is when that is the reason. */
export class FileReadError extends KubediffError {
  constructor(
    readonly path: string,
    readonly reason: FileReadFailure,
    message: string,
    options?: { cause?: unknown; kind?: FileKind },
  ) {
    super(message, options);
    this.kind = options?.kind;
  }
  readonly kind: FileKind | undefined;
}

export interface ReadBoundedOptions {
  /** More bytes than this is too-large, found while reading. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /**
   * The path was named explicitly as a source of data (a command-line
   * argument): FIFOs, process substitutions (`<(helm template ...)`),
   * /dev/stdin and character devices are read as streams. Otherwise only
   * regular files are read.
   */
  readonly allowStreams?: boolean;
}

const CHUNK_BYTES = 64 * 1024;
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;
const openFd = promisify(open);
const fstatFd = promisify(fstat);
const statPath = promisify(stat);
const readFd = promisify(read);

/** The file's bytes; throws FileReadError, or the signal's reason once aborted. */
export async function readBoundedFile(path: string, options: ReadBoundedOptions): Promise<Buffer> {
  options.signal?.throwIfAborted();
  const before = await statPath(path).catch((error: unknown) => {
    throw failure(path, error);
  });
  refuse(path, before, options);
  const fd = await openFd(path, OPEN_FLAGS).catch((error: unknown) => {
    throw failure(path, error);
  });
  let stats: Stats;
  try {
    stats = await fstatFd(fd);
    refuse(path, stats, options);
  } catch (error) {
    close(fd, () => undefined);
    throw failure(path, error);
  }
  const kind = fileKindOf(stats);
  if (kind === 'fifo' || kind === 'socket') {
    return readStreamBounded(new Socket({ fd, readable: true, writable: false }), { ...options, name: path });
  }
  if (isatty(fd)) return readStreamBounded(new TtyReadStream(fd), { ...options, name: path });
  return readFdBounded(fd, path, options);
}

function refuse(path: string, stats: Stats, options: ReadBoundedOptions): void {
  const kind = fileKindOf(stats);
  if (kind === 'file') {
    // Refused at once when stat already says so; a file growing while read is caught below.
    if (stats.size > options.maxBytes) throw tooLarge(path, options.maxBytes);
    return;
  }
  if (options.allowStreams && kind !== 'directory') return;
  throw new FileReadError(path, 'not-a-file', `${path} is not a regular file: it is ${describeFileKind(kind)}`, { kind });
}

async function readFdBounded(fd: number, path: string, options: ReadBoundedOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      // One byte more than allowed at most, to see a file that grew past the limit.
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, options.maxBytes + 1 - total));
      const { bytesRead } = await readFd(fd, buffer, 0, buffer.length, null).catch((error: unknown) => {
        throw failure(path, error);
      });
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > options.maxBytes) throw tooLarge(path, options.maxBytes);
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
    }
  } finally {
    close(fd, () => undefined);
  }
  options.signal?.throwIfAborted();
  return Buffer.concat(chunks, total);
}

export interface ReadStreamOptions {
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** How messages name the stream: a path, or `standard input (-)`. */
  readonly name: string;
}

/**
 * Everything a stream gives until its end, bounded while reading. The stream
 * is destroyed when done, on too many bytes and on abort (a FIFO whose writer
 * never comes is then let go).
 */
export function readStreamBounded(stream: Readable, options: ReadStreamOptions): Promise<Buffer> {
  const { signal, maxBytes, name } = options;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      stream.off('data', onData);
      stream.destroy();
      if (error === undefined) resolve(Buffer.concat(chunks, total));
      else reject(error);
    };
    const onAbort = (): void => finish(signal?.reason);
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > maxBytes) finish(tooLarge(name, maxBytes));
      else chunks.push(bytes);
    };
    // After finishing, a late error from the destroyed stream has nowhere to go.
    stream.on('error', (error) => finish(failure(name, error)));
    stream.once('end', () => finish());
    stream.once('close', () => finish());
    stream.on('data', onData);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function tooLarge(path: string, maxBytes: number): FileReadError {
  return new FileReadError(path, 'too-large', `${path} is larger than ${formatBytes(maxBytes)}, the most that is read from one file or stream`);
}

/** An errno from stat/open/read as a FileReadError with a plain reason. */
function failure(path: string, error: unknown): FileReadError {
  if (error instanceof FileReadError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const cause = { cause: error };
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileReadError(path, 'not-found', `${path} does not exist`, cause);
    case 'ELOOP':
      return new FileReadError(path, 'not-found', `${path} does not exist: too many levels of symbolic links`, cause);
    case 'EACCES':
    case 'EPERM':
      return new FileReadError(path, 'permission-denied', `${path} cannot be read: permission denied`, cause);
    case 'EISDIR':
      return new FileReadError(path, 'not-a-file', `${path} is not a regular file: it is a directory`, { ...cause, kind: 'directory' });
    case 'ENXIO':
      // open(2) of a socket, or of a device with nothing behind it.
      return new FileReadError(path, 'not-a-file', `${path} is not a regular file: it is a socket or a device with nothing behind it`, cause);
    case 'EAGAIN':
      return new FileReadError(path, 'would-block', `${path} cannot be read: the device has no data to read now`, cause);
    default:
      return new FileReadError(path, 'unreadable', `${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`, cause);
  }
}
