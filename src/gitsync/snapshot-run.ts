// Runs a check on one snapshot of the configured paths: resolve them, read the
// commit, run, and verify that nothing moved. A run during which git-sync
// swapped the link or deleted the worktree is thrown away (whatever it found:
// drift, parse errors of half-deleted files, a mix of two commits) and done
// again on the new commit, a bounded number of times.
import type { Revision } from '../kubediff/result.js';
import type { Logger } from '../log/logger.js';
import { readRevision } from './revision.js';
import { isSnapshotIntact, resolveSnapshot, type Snapshot } from './snapshot.js';

export const DEFAULT_MAX_ATTEMPTS = 3;

/** Reads the commit of the checkout holding a path; undefined when unknown (see readRevision). */
export type RevisionReader = (path: string, signal: AbortSignal) => Promise<Revision | undefined>;

export interface SnapshotRunOptions {
  /** Relative configured paths are resolved against this folder. */
  readonly cwd: string;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Runs tried before giving up on a checkout that keeps changing (default 3). */
  readonly maxAttempts?: number;
  /** Default readRevision (git). */
  readonly readRevision?: RevisionReader;
}

export type SnapshotRunResult<T> =
  | {
      readonly kind: 'done';
      readonly value: T;
      readonly snapshot: Snapshot;
      /** Undefined when the first path is not in a git checkout. */
      readonly revision: Revision | undefined;
      /** Runs thrown away because the checkout changed under them. */
      readonly discarded: number;
    }
  /** A configured path does not exist (yet). */
  | { readonly kind: 'missing'; readonly path: string; readonly discarded: number }
  /** Every attempt was torn by a change of the checkout. */
  | { readonly kind: 'unstable'; readonly discarded: number };

export type SnapshotCheck<T> = (snapshot: Snapshot, revision: Revision | undefined) => Promise<T>;

type Prepared =
  | { readonly kind: 'ready'; readonly snapshot: Snapshot; readonly revision: Revision | undefined }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'changed' };

export async function runOnSnapshot<T>(
  paths: readonly string[],
  check: SnapshotCheck<T>,
  options: SnapshotRunOptions,
): Promise<SnapshotRunResult<T>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  let discarded = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const prepared = await prepare(paths, options);
    if (prepared.kind === 'missing') return { kind: 'missing', path: prepared.path, discarded };
    if (prepared.kind === 'ready') {
      const { snapshot, revision } = prepared;
      const value = await check(snapshot, revision);
      // An aborted run (timeout, shutdown) is reported as such, not retried.
      if (options.signal.aborted || (await isSnapshotIntact(snapshot, options.cwd))) {
        return { kind: 'done', value, snapshot, revision, discarded };
      }
    }
    discarded += 1;
    const message =
      prepared.kind === 'ready'
        ? 'checkout changed during the run; result discarded, checking the new commit'
        : 'checkout changed as the run started; checking the new commit';
    options.logger.log('warn', message, {
      attempt,
      maxAttempts,
      ...(prepared.kind === 'ready' && prepared.revision ? { revision: prepared.revision.hash } : {}),
    });
  }
  return { kind: 'unstable', discarded };
}

/**
 * Resolves the paths and reads the commit they are at. `changed` when git-sync
 * swapped the checkout meanwhile: then nothing was checked yet, and the run
 * starts again on the new commit.
 */
async function prepare(paths: readonly string[], options: SnapshotRunOptions): Promise<Prepared> {
  const resolution = await resolveSnapshot(paths, options.cwd);
  if (resolution.kind !== 'ready') return resolution;
  const { snapshot } = resolution;
  const first = snapshot.paths[0];
  if (first === undefined) return { kind: 'ready', snapshot, revision: undefined };
  const read = async (): Promise<Revision | undefined> => {
    try {
      return await (options.readRevision ?? readRevision)(first.resolved, options.signal);
    } catch {
      return undefined; // says no more than a read that found nothing
    }
  };
  const revision = await read();
  // git-sync's link names a commit, so this checkout has one. Its commit
  // unreadable means the worktree was deleted under the read (a swap: check
  // the new commit instead), or git failed once (read again: the worktree is
  // the same folder, so the same commit). Never a run of a git-sync checkout
  // published without its commit because of a race.
  if (revision !== undefined || snapshot.link === undefined) return { kind: 'ready', snapshot, revision };
  if (!(await isSnapshotIntact(snapshot, options.cwd))) return { kind: 'changed' };
  const again = await read();
  if (again === undefined) options.logger.log('warn', 'cannot read the commit of the checkout; the result names none', { path: first.resolved });
  return { kind: 'ready', snapshot, revision: again };
}
