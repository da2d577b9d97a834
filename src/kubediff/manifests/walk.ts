// Finds the manifest files under the configured paths, the way `kubectl apply
// -f <dir> -R` would: directories walked recursively, .yaml/.yml/.json files,
// dotfiles and .git skipped, symlinks followed. Files are told apart by
// device and inode, so a symlink loop, or two links to one file, never reads
// anything twice. In a walk only regular files are read: a FIFO, socket or
// device (or a symlink to one, which git can store) is skipped with a notice,
// since opening a FIFO blocks and /dev/zero never ends. Named explicitly, the
// same things are streams (`-`, /dev/stdin, `<(helm template ...)`).
import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describeFileKind, fileKindOf } from '../../files/file-kind.js';
import type { CheckError } from '../result.js';
import { manifestError } from './types.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
/** The path that means standard input. */
export const STDIN_PATH = '-';

export interface FoundFile {
  readonly path: string;
  /** Named as an argument: read whatever it is (a FIFO, /dev/stdin), not only regular files. */
  readonly explicit: boolean;
}

export interface FoundFiles {
  /** In a stable order: paths as given, directory entries sorted by name. */
  readonly files: readonly FoundFile[];
  readonly errors: readonly CheckError[];
  readonly notices: readonly string[];
}

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_NAMES.has(basename(path));
}

export async function findManifestFiles(paths: readonly string[], signal?: AbortSignal): Promise<FoundFiles> {
  const files: FoundFile[] = [];
  const errors: CheckError[] = [];
  const notices: string[] = [];
  const seen = new Set<string>();

  async function visit(path: string, explicit: boolean): Promise<void> {
    signal?.throwIfAborted();
    if (explicit && path === STDIN_PATH) {
      if (files.some((file) => file.path === STDIN_PATH)) errors.push(manifestError(path, undefined, 'standard input (-) is named more than once: it can be read only once'));
      else files.push({ path, explicit });
      return;
    }
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      // A configured path that does not exist is an error; a dangling symlink
      // met while walking points at nothing to check, which is worth a notice.
      const code = (error as NodeJS.ErrnoException).code;
      if (!explicit && (code === 'ENOENT' || code === 'ELOOP')) {
        notices.push(`skipped ${path}: a symbolic link to nothing (${describe(error)})`);
      } else {
        errors.push(manifestError(path, undefined, `cannot read ${path}: ${describe(error)}`));
      }
      return;
    }
    const kind = fileKindOf(info);
    if (kind !== 'file' && kind !== 'directory') {
      // Streams have no identity worth remembering: each is read once, as named.
      if (explicit) files.push({ path, explicit });
      else notices.push(`skipped ${path}: ${describeFileKind(kind)}, not a regular file (only regular files are read in folders; name it as an argument to read it as a stream)`);
      return;
    }
    const identity = `${info.dev}:${info.ino}`;
    if (seen.has(identity)) return;
    seen.add(identity);

    if (kind === 'file') {
      if (isKustomizationFile(path)) {
        notices.push(`skipped ${path}: a kustomization file is not an object (kubediff reads plain manifests)`);
      } else if (explicit || MANIFEST_EXTENSIONS.has(extname(path).toLowerCase())) {
        files.push({ path, explicit });
      }
      return;
    }
    let names: string[];
    try {
      names = (await readdir(path)).sort();
    } catch (error) {
      errors.push(manifestError(path, undefined, `cannot read directory ${path}: ${describe(error)}`));
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      await visit(join(path, name), false);
    }
  }

  for (const path of paths) await visit(path, true);
  return { files, errors, notices };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}
