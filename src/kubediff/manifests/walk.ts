// Finds the manifest files under the configured paths, the way `kubectl apply
// -f <dir> -R` would: directories walked recursively, .yaml/.yml/.json files,
// dotfiles and .git skipped, symlinks followed. Real paths are tracked so a
// symlink loop, or two links to one file, never reads anything twice.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { CheckError } from '../result.js';
import { manifestError } from './types.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface FoundFiles {
  /** In a stable order: paths as given, directory entries sorted by name. */
  readonly files: readonly string[];
  readonly errors: readonly CheckError[];
  readonly notices: readonly string[];
}

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_NAMES.has(basename(path));
}

export async function findManifestFiles(paths: readonly string[], signal?: AbortSignal): Promise<FoundFiles> {
  const files: string[] = [];
  const errors: CheckError[] = [];
  const notices: string[] = [];
  const seen = new Set<string>();

  async function visit(path: string, explicit: boolean): Promise<void> {
    signal?.throwIfAborted();
    let real: string;
    let isDirectory: boolean;
    try {
      real = await realpath(path);
      isDirectory = (await stat(real)).isDirectory();
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
    if (seen.has(real)) return;
    seen.add(real);

    if (!isDirectory) {
      if (isKustomizationFile(path)) {
        notices.push(`skipped ${path}: a kustomization file is not an object (kubediff reads plain manifests)`);
      } else if (explicit || MANIFEST_EXTENSIONS.has(extname(path).toLowerCase())) {
        files.push(path);
      }
      return;
    }
    let names: string[];
    try {
      names = (await readdir(real)).sort();
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
