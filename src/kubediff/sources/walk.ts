// Finds what to check under the configured paths: plain manifest files (as
// `kubectl apply -f <dir> -R` reads them: .yaml/.yml/.json, dotfiles and .git
// skipped, symlinks followed), kustomizations (a folder holding
// kustomization.yaml, kustomization.yml or Kustomization: built as one source,
// never read file by file) and streams named explicitly (`-`, a FIFO,
// `<(helm template ...)`).
//
// A folder met while walking that holds a kustomization is walked further
// only for kustomizations (a base at the top with overlays below it is a
// common layout); its plain files belong to it. A kustomization given as an
// argument is built and not walked: `kubediff overlays/prod` checks what
// `kubectl apply -k overlays/prod` applies.
//
// Only regular files are read in folders: a FIFO, socket or device (or a
// symlink to one, which git can store) is skipped with a notice, since opening
// a FIFO blocks and /dev/zero never ends. Files and folders are told apart by
// device and inode, so a symlink loop, or two links to one file, never reads
// anything twice.
import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { describeFileKind, fileKindOf } from '../../files/file-kind.js';
import { manifestError } from '../manifests/types.js';
import type { CheckError } from '../result.js';
import { KUSTOMIZATION_FILE_NAMES, kustomizationFileIn, readKustomization, type Kustomization } from './kustomization-file.js';
import { applyParentFolderRule } from './parent-folder-rule.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** The path that means standard input. */
export const STDIN_PATH = '-';

export type FoundSource =
  /** A manifest file, or (explicit) a stream: `-`, a FIFO, /dev/stdin. */
  | { readonly kind: 'file'; readonly path: string; readonly explicit: boolean }
  | {
      readonly kind: 'kustomization';
      /** The folder, as walked (the argument joined with entry names). */
      readonly dir: string;
      readonly explicit: boolean;
      /** Undefined when the file could not be read: kustomize then says why. */
      readonly kustomization: Kustomization | undefined;
    };

export interface FoundSources {
  /** In a stable order: paths as given, directory entries sorted by name. */
  readonly sources: readonly FoundSource[];
  readonly errors: readonly CheckError[];
  readonly notices: readonly string[];
}

export function isKustomizationFile(path: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basename(path));
}

export async function findSources(paths: readonly string[], signal?: AbortSignal): Promise<FoundSources> {
  const sources: FoundSource[] = [];
  const errors: CheckError[] = [];
  const notices: string[] = [];
  const seen = new Set<string>();

  async function kustomizationAt(dir: string, file: string, explicit: boolean): Promise<FoundSource> {
    const read = await readKustomization(file, dir, signal);
    return { kind: 'kustomization', dir, explicit, kustomization: read.ok ? read.kustomization : undefined };
  }

  /** One entry met while walking; `found` collects this walk's sources. */
  async function visit(path: string, insideKustomization: boolean, found: FoundSource[]): Promise<void> {
    signal?.throwIfAborted();
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      // A dangling symlink met while walking points at nothing to check.
      const code = (error as NodeJS.ErrnoException).code;
      if (insideKustomization) return;
      if (code === 'ENOENT' || code === 'ELOOP') notices.push(`skipped ${path}: a symbolic link to nothing (${describe(error)})`);
      else errors.push(manifestError(path, undefined, `cannot read ${path}: ${describe(error)}`));
      return;
    }
    const kind = fileKindOf(info);
    if (kind === 'file') {
      if (insideKustomization || !MANIFEST_EXTENSIONS.has(extname(path).toLowerCase()) || !remember(info)) return;
      found.push({ kind: 'file', path, explicit: false });
      return;
    }
    if (kind !== 'directory') {
      if (!insideKustomization) notices.push(`skipped ${path}: ${describeFileKind(kind)}, not a regular file (only regular files are read in folders; name it as an argument to read it as a stream)`);
      return;
    }
    if (!remember(info)) return;
    await visitDirectory(path, insideKustomization, found);
  }

  async function visitDirectory(path: string, insideKustomization: boolean, found: FoundSource[]): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(path)).sort();
    } catch (error) {
      errors.push(manifestError(path, undefined, `cannot read directory ${path}: ${describe(error)}`));
      return;
    }
    const kustomizationFile = kustomizationFileIn(path, names);
    if (kustomizationFile !== undefined) found.push(await kustomizationAt(path, kustomizationFile, false));
    const inside = insideKustomization || kustomizationFile !== undefined;
    for (const name of names) {
      if (name.startsWith('.')) continue;
      await visit(join(path, name), inside, found);
    }
  }

  function remember(info: Stats): boolean {
    const identity = `${info.dev}:${info.ino}`;
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  }

  for (const path of paths) {
    signal?.throwIfAborted();
    if (path === STDIN_PATH) {
      if (sources.some((source) => source.kind === 'file' && source.path === STDIN_PATH)) {
        errors.push(manifestError(path, undefined, 'standard input (-) is named more than once: it can be read only once'));
      } else {
        sources.push({ kind: 'file', path, explicit: true });
      }
      continue;
    }
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      errors.push(manifestError(path, undefined, `cannot read ${path}: ${describe(error)}`));
      continue;
    }
    const kind = fileKindOf(info);
    if (kind === 'directory') {
      const names = await readdir(path).catch(() => undefined);
      const file = names && kustomizationFileIn(path, names);
      if (file !== undefined) {
        // Named as an argument: built as `kubectl apply -k <path>` would, and not walked.
        remember(info);
        sources.push(await kustomizationAt(path, file, true));
        continue;
      }
      const found: FoundSource[] = [];
      if (remember(info)) await visitDirectory(path, false, found);
      const ruled = await applyParentFolderRule(path, found, signal);
      sources.push(...ruled.sources);
      notices.push(...ruled.notices);
    } else if (isKustomizationFile(path)) {
      // `kubediff app/kustomization.yaml` means the kustomization.
      const folder = await stat(dirname(path)).catch(() => undefined);
      if (folder === undefined || remember(folder)) sources.push(await kustomizationAt(dirname(path), path, true));
    } else if (kind !== 'file' || remember(info)) {
      // Streams have no identity worth remembering: each is read once, as named.
      sources.push({ kind: 'file', path, explicit: true });
    }
  }
  return { sources, errors, notices };
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}
