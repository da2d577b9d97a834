// Loads every manifest under the configured paths into objects with their
// source. Problems are values: an unreadable file or a broken document is an
// error naming file and document, and everything else is still loaded.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CheckError } from '../result.js';
import { objectsFromDocument } from './objects.js';
import { parseManifestText } from './parse.js';
import { manifestError, type ManifestObject, type ManifestSet } from './types.js';
import { findManifestFiles } from './walk.js';

/** A manifest file larger than this is refused rather than read into memory. */
export const MAX_MANIFEST_FILE_BYTES = 32 * 1024 * 1024;
/** Files read at once: enough to hide disk latency, few enough to bound memory and descriptors. */
const READ_CONCURRENCY = 16;

export interface LoadOptions {
  readonly signal?: AbortSignal;
  readonly maxFileBytes?: number;
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

async function loadFile(file: string, options: LoadOptions): Promise<FileObjects> {
  options.signal?.throwIfAborted();
  const result: FileObjects = { objects: [], errors: [], notices: [] };
  const limit = options.maxFileBytes ?? MAX_MANIFEST_FILE_BYTES;
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > limit) {
      result.errors.push(manifestError(file, undefined, `${file} is ${size} bytes, more than the ${limit} bytes a manifest file may have`));
      return result;
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    result.errors.push(manifestError(file, undefined, `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`));
    return result;
  }
  for (const document of parseManifestText(text, extname(file).toLowerCase() === '.json')) {
    const found = objectsFromDocument(file, document);
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
