// One run reads one commit. git-sync swaps a symlink to publish a new commit
// and deletes the old worktree right after, so a checker that walks through
// the link can read half of one commit and half of the next, or files that
// vanish under it. Resolving every configured path to its real path once, and
// checking afterwards that the paths still resolve to the same folders, tells
// a clean run from a torn one.
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { isCommitHash } from './commit-hash.js';


export interface ResolvedPath {
  /** As configured, e.g. `/git/repo/k8s` (through git-sync's link). */
  readonly configured: string;
  /** Its real path at the start of the run, e.g. `/git/.worktrees/<sha>/k8s`. */
  readonly resolved: string;
  /** Identity of the resolved folder or file, to notice one deleted and made again. */
  readonly identity: string;
}

export interface Snapshot {
  readonly paths: readonly ResolvedPath[];
  /**
   * git-sync's --link on the first path (the innermost symlink, when it names
   * a commit's worktree) and its mtime: git-sync renames a new link into place
   * on each change, so this is when the checkout last changed. Absent when
   * there is no such link.
   */
  readonly link?: { readonly path: string; readonly changedAtMs: number };
}

export type SnapshotResolution =
  | { readonly kind: 'ready'; readonly snapshot: Snapshot }
  | { readonly kind: 'missing'; readonly path: string }
  /** A path vanished while it was resolved (git-sync deleted the worktree its link had pointed at): resolve again. */
  | { readonly kind: 'changed' };

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function identityOf(path: string): Promise<string> {
  const info = await stat(path, { bigint: true });
  return `${info.dev}:${info.ino}:${info.birthtimeNs}:${info.ctimeNs}`;
}

/** The deepest symlink among the path and its parents, if any. */
export async function innermostLink(path: string): Promise<string | undefined> {
  for (let current = resolve(path); ; current = dirname(current)) {
    try {
      if ((await lstat(current)).isSymbolicLink()) return current;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Resolves each configured path (relative ones against `cwd`) to its real path. */
export async function resolveSnapshot(paths: readonly string[], cwd: string): Promise<SnapshotResolution> {
  const resolvedPaths: ResolvedPath[] = [];
  for (const configured of paths) {
    const path = await resolvePath(configured, cwd);
    if (path === 'changed') return { kind: 'changed' };
    if (path === 'missing') return { kind: 'missing', path: configured };
    resolvedPaths.push(path);
  }
  const first = paths[0];
  const linkPath = first === undefined ? undefined : await innermostLink(resolve(cwd, first));
  const link = linkPath === undefined ? undefined : await gitSyncLink(linkPath);
  return { kind: 'ready', snapshot: { paths: resolvedPaths, ...(link ? { link } : {}) } };
}

// git-sync renames its link to the new worktree, then deletes the old one: a
// path resolved through the old link an instant before can vanish half-way
// (realpath follows the old link, then finds its worktree gone) or right after
// (stat of the folder just resolved). That is a change, not a missing path:
// the link already names a worktree that exists. A path missing on a second
// look is missing.
async function resolvePath(configured: string, cwd: string): Promise<ResolvedPath | 'missing' | 'changed'> {
  let resolved: string;
  try {
    resolved = await realpath(resolve(cwd, configured));
  } catch (error) {
    if (!isMissing(error)) throw error;
    return (await exists(resolve(cwd, configured))) ? 'changed' : 'missing';
  }
  try {
    return { configured, resolved, identity: await identityOf(resolved) };
  } catch (error) {
    if (isMissing(error)) return 'changed';
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** The link and its mtime when it is git-sync's (it names a worktree by commit hash); another symlink says nothing. */
async function gitSyncLink(path: string): Promise<Snapshot['link']> {
  try {
    if (!isCommitHash(basename(await readlink(path)))) return undefined;
    return { path, changedAtMs: (await lstat(path)).mtimeMs };
  } catch (error) {
    // Swapped between the two calls: the snapshot check after the run sees it.
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** True when every configured path still resolves to the very same folder or file. */
export async function isSnapshotIntact(snapshot: Snapshot, cwd: string): Promise<boolean> {
  for (const path of snapshot.paths) {
    try {
      const resolved = await realpath(resolve(cwd, path.configured));
      if (resolved !== path.resolved || (await identityOf(resolved)) !== path.identity) return false;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
  return true;
}
