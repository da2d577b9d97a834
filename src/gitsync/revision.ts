// The commit a run checked, read with simple-git from the resolved worktree
// (never through git-sync's link, which may already point elsewhere).
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { simpleGit } from 'simple-git';
import type { Revision } from '../kubediff/result.js';

// NUL cannot appear in any of these fields (git stores them as C strings);
// a subject may hold any other control character, e.g. a unit separator.
const FORMAT = ['%H', '%h', '%s', '%an', '%cI'].join('%x00');

/**
 * Reads HEAD of the git checkout holding `path` (a folder or a file).
 * Undefined when the path is not in a git checkout, the checkout has no
 * commit, or git is missing: the revision is then simply unknown.
 */
export async function readRevision(path: string, signal?: AbortSignal): Promise<Revision | undefined> {
  let dir: string;
  try {
    dir = (await stat(path)).isDirectory() ? path : dirname(path);
  } catch {
    return undefined; // vanished: the caller sees the torn snapshot and retries
  }
  let output: string;
  try {
    // Built inside the try: simple-git throws when the folder does not exist,
    // and git-sync may delete the worktree right after the stat above. That
    // is an unknown revision like any git failure, not an exception that
    // ended the whole run (the caller then checked the paths as configured).
    // git-sync runs as another user (uid 65533): without safe.directory, git
    // refuses the checkout for "dubious ownership".
    const git = simpleGit({ baseDir: dir, config: ['safe.directory=*'], ...(signal ? { abort: signal } : {}) });
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
  };
}
