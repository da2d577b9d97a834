// Reads a file the user named, safely: only a regular file (a FIFO, a device
// or a directory would block or never end), at most `maxBytes` (a file that
// grows past the limit while being read is refused too), abortable. The
// outcome says why a file could not be read, for messages that name it.
import { constants, type FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { KubediffError } from '../errors.js';

export type FileReadFailure = 'not-found' | 'not-a-file' | 'too-large' | 'permission-denied' | 'unreadable';

/** The file could not be read; `reason` says why, `path` is as given. */
export class FileReadError extends KubediffError {
  constructor(
    readonly path: string,
    readonly reason: FileReadFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ReadBoundedOptions {
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/** The file's bytes; throws FileReadError (or the signal's reason when aborted). */
export async function readBoundedFile(path: string, { maxBytes, signal }: ReadBoundedOptions): Promise<Buffer> {
  signal?.throwIfAborted();
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw failure(path, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileReadError(path, 'not-a-file', `${path} is not a regular file`);
    if (stat.size > maxBytes) throw tooLarge(path, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      signal?.throwIfAborted();
      // One byte more than allowed, to see a file that grew past the limit.
      const buffer = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof FileReadError || signal?.aborted) throw error;
    throw failure(path, error);
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, maxBytes: number): FileReadError {
  return new FileReadError(path, 'too-large', `${path} is larger than ${maxBytes} bytes`);
}

function failure(path: string, error: unknown): FileReadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileReadError(path, 'not-found', `${path} does not exist`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new FileReadError(path, 'permission-denied', `${path} cannot be read: permission denied`, { cause: error });
  if (code === 'EISDIR') return new FileReadError(path, 'not-a-file', `${path} is not a regular file`, { cause: error });
  const why = error instanceof Error ? error.message : String(error);
  return new FileReadError(path, 'unreadable', `${path} cannot be read: ${why}`, { cause: error });
}
