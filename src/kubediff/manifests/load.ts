// Loads every manifest under the configured paths into objects with their
// source. Problems are values: an unreadable file or a broken document is an
// error naming file and document, and everything else is still loaded.
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { decodeText } from '../../files/decode-text.js';
import { FileReadError, readBoundedFile, readStreamBounded } from '../../files/read-bounded.js';
import type { CheckError } from '../result.js';
import { objectsFromDocument } from './objects.js';
import { parseManifestText } from './parse.js';
import { manifestError, type ManifestObject, type ManifestSet } from './types.js';
import { findManifestFiles, STDIN_PATH, type FoundFile } from './walk.js';

/** A manifest file (or stream) larger than this is refused rather than read into memory. */
export const MAX_MANIFEST_FILE_BYTES = 32 * 1024 * 1024;
/** Files read at once: enough to hide disk latency, few enough to bound memory and descriptors. */
const READ_CONCURRENCY = 16;

export interface LoadOptions {
  readonly signal?: AbortSignal;
  readonly maxFileBytes?: number;
  /** Standard input, for the path `-` (the CLI passes process.stdin); without it `-` is an error. */
  readonly stdin?: () => Readable;
}

export async function loadManifests(paths: readonly string[], options: LoadOptions = {}): Promise<ManifestSet> {
  const found = await findManifestFiles(paths, options.signal);
  const perFile = await mapBounded(found.files, READ_CONCURRENCY, (file) => loadFile(file, options));
  const objects: ManifestObject[] = [];
  const errors: CheckError[] = [...found.errors];
  const notices: string[] = [...found.notices];
  for (const result of perFile) {
    objects.push(...result.objects);
    errors.push(...result.errors);
    notices.push(...result.notices);
  }
  return { objects, errors, notices, files: found.files.length };
}

interface FileObjects {
  readonly objects: ManifestObject[];
  readonly errors: CheckError[];
  readonly notices: string[];
}

async function readSource(file: FoundFile, options: LoadOptions, maxBytes: number): Promise<Buffer> {
  const signal = options.signal ? { signal: options.signal } : {};
  if (file.path !== STDIN_PATH || !file.explicit) return readBoundedFile(file.path, { maxBytes, allowStreams: file.explicit, ...signal });
  if (!options.stdin) throw new FileReadError(file.path, 'unreadable', 'cannot read standard input (-) here: give the manifests as files');
  return readStreamBounded(options.stdin(), { maxBytes, name: 'standard input (-)', ...signal });
}

async function loadFile(file: FoundFile, options: LoadOptions): Promise<FileObjects> {
  options.signal?.throwIfAborted();
  const { path } = file;
  const result: FileObjects = { objects: [], errors: [], notices: [] };
  let bytes: Buffer;
  try {
    bytes = await readSource(file, options, options.maxFileBytes ?? MAX_MANIFEST_FILE_BYTES);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    result.errors.push(manifestError(path, undefined, error.message));
    return result;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    result.errors.push(manifestError(path, undefined, `${path} ${decoded.problem}`));
    return result;
  }
  for (const document of parseManifestText(decoded.text, extname(path).toLowerCase() === '.json')) {
    const found = objectsFromDocument(path, document);
    result.objects.push(...found.objects);
    result.errors.push(...found.errors);
    result.notices.push(...found.notices);
  }
  return result;
}

async function mapBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
