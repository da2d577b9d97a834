// kustomize opens every file a kustomization names and would wait for ever on
// a FIFO, or read /dev/zero without end (git stores a symlink to a device, and
// a FIFO can be made in a checkout); it holds every file it reads in memory,
// in the same container as kubediff. Before a build, the kustomization file
// and every local path it names, through the bases and components it uses,
// are looked at without opening anything: one that is not a regular file or a
// folder, a file larger than a build may print, or files adding up to twice
// that, make the build an error for that kustomization, and kustomize is
// never started on it.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describeFileKind, fileKindOf, formatBytes, type FileKind } from '../../files/file-kind.js';
import { kustomizationFileIn, readKustomization, type Kustomization } from './kustomization-file.js';

/** Paths looked at for one build, at most; past it kustomize runs, under the run's timeout as always. */
const MAX_PATHS = 10_000;

interface Pending {
  readonly path: string;
  /** The kustomization file that names the path. */
  readonly namedIn: string | undefined;
}

export interface BuildInputOptions {
  /** The most a build may print; no file it reads may be larger, and all of them at most twice that. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/** Why the kustomization in `dir` must not be built, or undefined when kustomize may read what it names. */
export async function unsafeBuildInput(dir: string, kustomization: Kustomization | undefined, options: BuildInputOptions): Promise<string | undefined> {
  const { maxBytes, signal } = options;
  const top = resolve(dir);
  // Paths as the user reads them: below or beside the folder they named.
  const shown = (path: string): string => join(dir, relative(top, path));
  const problem = (path: string, kind: FileKind, namedIn: string | undefined): string =>
    `${shown(path)}${namedIn ? `, named in ${shown(namedIn)},` : ''} is ${describeFileKind(kind)}, not a regular file: kustomize would wait on it or read it without end`;
  const tooLarge = (path: string, size: number, namedIn: string | undefined): string =>
    `${shown(path)}${namedIn ? `, named in ${shown(namedIn)},` : ''} is ${formatSize(size)}, more than the ${formatBytes(maxBytes)} a build may print`;

  let total = 0;
  const visited = new Set<string>();
  const pending: Pending[] = [{ path: top, namedIn: undefined }];
  for (let next = pending.pop(); next !== undefined && visited.size < MAX_PATHS; next = pending.pop()) {
    signal?.throwIfAborted();
    if (visited.has(next.path)) continue;
    visited.add(next.path);
    // Missing or unreadable: kustomize says so in its own words.
    const info = await stat(next.path).catch(() => undefined);
    if (info === undefined) continue;
    const kind = fileKindOf(info);
    if (kind === 'file') {
      if (info.size > maxBytes) return tooLarge(next.path, info.size, next.namedIn);
      total += info.size;
      if (total > 2 * maxBytes) return `the files it reads add up to more than ${formatBytes(2 * maxBytes)}, twice what a build may print`;
      continue;
    }
    if (kind !== 'directory') return problem(next.path, kind, next.namedIn);
    // A folder kustomize reads is a kustomization (or a Component): its file, and what that names.
    const names = await readdir(next.path).catch(() => undefined);
    const file = names && kustomizationFileIn(next.path, names);
    if (file === undefined) continue;
    const fileInfo = await stat(file).catch(() => undefined);
    if (fileInfo === undefined) continue;
    if (!fileInfo.isFile()) return problem(file, fileKindOf(fileInfo), undefined);
    if (fileInfo.size > maxBytes) return tooLarge(file, fileInfo.size, undefined);
    total += fileInfo.size;
    const read = next.path === top && kustomization !== undefined ? kustomization : await readOk(file, next.path, signal);
    for (const use of read?.uses ?? []) pending.push({ path: use, namedIn: file });
  }
  return undefined;
}

/** `40.0 MiB`, `1.5 KiB`, `900 bytes`: a file's size, to one decimal. */
function formatSize(bytes: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size) return `${(bytes / size).toFixed(1)} ${unit}`;
  }
  return `${bytes} bytes`;
}

async function readOk(file: string, dir: string, signal: AbortSignal | undefined): Promise<Kustomization | undefined> {
  const read = await readKustomization(file, dir, signal);
  return read.ok ? read.kustomization : undefined;
}
