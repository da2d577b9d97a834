// One manifest file or stream, read bounded and parsed into objects: a
// regular file found in a walk, or what was named explicitly (`-`, a FIFO,
// `<(...)`, /dev/stdin), which is read as a stream.
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { decodeText } from '../../files/decode-text.js';
import { FileReadError, readBoundedFile, readStreamBounded } from '../../files/read-bounded.js';
import { manifestError } from '../manifests/types.js';
import { objectsOfText, type SourceObjects } from './source-objects.js';
import { STDIN_PATH } from './walk.js';

export interface FileSourceOptions {
  readonly signal?: AbortSignal;
  readonly maxBytes: number;
  /** Standard input, for the path `-`; without it `-` is an error. */
  readonly stdin?: () => Readable;
}

export async function loadFileSource(path: string, explicit: boolean, options: FileSourceOptions): Promise<SourceObjects> {
  options.signal?.throwIfAborted();
  let bytes: Buffer;
  try {
    bytes = await read(path, explicit, options);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    return { objects: [], errors: [manifestError(path, undefined, error.message)], notices: [] };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { objects: [], errors: [manifestError(path, undefined, `${path} ${decoded.problem}`)], notices: [] };
  // A file says JSON by its name; a stream by its first character, as kubectl's `-f -` does.
  const json = extname(path).toLowerCase() === '.json' || (explicit && decoded.text.trimStart().startsWith('{'));
  return objectsOfText(decoded.text, json, { file: path });
}

async function read(path: string, explicit: boolean, options: FileSourceOptions): Promise<Buffer> {
  const signal = options.signal ? { signal: options.signal } : {};
  if (path !== STDIN_PATH || !explicit) return readBoundedFile(path, { maxBytes: options.maxBytes, allowStreams: explicit, ...signal });
  if (!options.stdin) throw new FileReadError(path, 'unreadable', 'cannot read standard input (-) here: give the manifests as files');
  return readStreamBounded(options.stdin(), { maxBytes: options.maxBytes, name: 'standard input (-)', ...signal });
}
