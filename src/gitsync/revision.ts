// The commit a run checked, read with simple-git from the resolved worktree
// (never through git-sync's link, which may already point elsewhere).
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { simpleGit } from 'simple-git';
import type { Revision } from '../kubediff/result.js';

// NUL cannot appear in any of these fields (git stores them as C strings);
// a subject may hold any other control character, e.g. a unit separator.
const FORMAT = ['%H', '%h', '%s', '%an', '%cI'].join('%x00');

/**
 * Reads HEAD of the git checkout holding `path` (a folder or a file), and
 * whether the path has uncommitted changes (then `dirty`: what was checked is
 * not that commit). Undefined when the path is not in a git checkout, the
 * checkout has no commit, or git is missing: the revision is then simply unknown.
 */
export async function readRevision(path: string, signal?: AbortSignal): Promise<Revision | undefined> {
  let dir: string;
  let pathspec: string;
  try {
    const isDirectory = (await stat(path)).isDirectory();
    dir = isDirectory ? path : dirname(path);
    pathspec = isDirectory ? '.' : basename(path);
  } catch {
    return undefined; // vanished: the caller sees the torn snapshot and retries
  }
  let output: string;
  let git: ReturnType<typeof simpleGit>;
  try {
    // Built inside the try: simple-git throws when the folder does not exist,
    // and git-sync may delete the worktree right after the stat above. That
    // is an unknown revision like any git failure, not an exception that
    // ended the whole run (the caller then checked the paths as configured).
    // git-sync runs as another user (uid 65533): without safe.directory, git
    // refuses the checkout for "dubious ownership".
    git = simpleGit({ baseDir: dir, config: ['safe.directory=*'], ...(signal ? { abort: signal } : {}) });
    output = await git.raw(['log', '-1', `--format=${FORMAT}`, 'HEAD', '--']);
  } catch {
    return undefined;
  }
  const [hash, shortHash, subject, author, committedAt] = output.trim().split('\0');
  if (hash === undefined || !/^[0-9a-f]{40,64}$/.test(hash)) return undefined;
  return {
    hash,
    shortHash: shortHash ?? hash.slice(0, 7),
    subject: subject ?? '',
    author: author ?? '',
    committedAt: new Date(committedAt ?? '').toISOString(),
    ...((await hasUncommittedChanges(git, pathspec)) ? { dirty: true as const } : {}),
  };
}

// Modified, staged, deleted or untracked (not ignored) files under the path.
// --no-optional-locks: never write the index of a checkout that is not ours
// (git-sync's, read-only). A status that fails says nothing: not dirty.
async function hasUncommittedChanges(git: ReturnType<typeof simpleGit>, pathspec: string): Promise<boolean> {
  try {
    const status = await git.raw(['--no-optional-locks', 'status', '--porcelain', '-z', '--', pathspec]);
    return status.length > 0;
  } catch {
    return false;
  }
}
