// Reads a small file named in a configuration (a kubeconfig, a token, a
// certificate) synchronously, as start-up code does: regular files only, with
// the byte cap enforced while reading. A regular file cannot block a read, so
// a synchronous read cannot hang; a FIFO (open blocks until a writer comes)
// and a device (/dev/zero never ends and says 0 bytes in stat) are refused
// before they are opened, since opening some devices already does something.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { KubediffError } from '../errors.js';
import { describeFileKind, fileKindOf, formatBytes } from './file-kind.js';

export type SyncReadProblem = 'not-found' | 'permission-denied' | 'not-regular' | 'too-large' | 'unreadable';

/** `detail` says what is wrong without the path, for messages that name the file their own way. */
export class SyncFileReadError extends KubediffError {
  constructor(
    readonly path: string,
    readonly problem: SyncReadProblem,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${path} ${detail}`, options);
  }
}

const CHUNK_BYTES = 64 * 1024;
// O_NONBLOCK: a path swapped for a FIFO between stat and open is opened at once, then refused.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** The file's bytes, at most `maxBytes`; throws SyncFileReadError. */
export function readRegularFileSync(path: string, maxBytes: number): Buffer {
  refuseIrregular(path, statOrThrow(path));
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw errnoError(path, error);
  }
  try {
    refuseIrregular(path, fstatSync(fd));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const bytesRead = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      total += bytesRead;
      if (total > maxBytes) throw new SyncFileReadError(path, 'too-large', `holds more than ${formatBytes(maxBytes)}, the most that is read from it`);
      chunks.push(buffer.subarray(0, bytesRead));
    }
  } catch (error) {
    throw error instanceof SyncFileReadError ? error : errnoError(path, error);
  } finally {
    closeSync(fd);
  }
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    throw errnoError(path, error);
  }
}

function refuseIrregular(path: string, stats: Stats): void {
  if (stats.isFile()) return;
  throw new SyncFileReadError(path, 'not-regular', `is ${describeFileKind(fileKindOf(stats))}, not a regular file`);
}

function errnoError(path: string, error: unknown): SyncFileReadError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const cause = { cause: error };
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new SyncFileReadError(path, 'not-found', 'does not exist', cause);
    case 'EACCES':
    case 'EPERM':
      return new SyncFileReadError(path, 'permission-denied', 'cannot be read: permission denied', cause);
    case 'ELOOP':
      return new SyncFileReadError(path, 'unreadable', 'cannot be read: too many levels of symbolic links', cause);
    default:
      return new SyncFileReadError(path, 'unreadable', `cannot be read: ${error instanceof Error ? error.message : String(error)}`, cause);
  }
}
