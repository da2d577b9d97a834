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

export interface SnapshotRunOptions {
  /** Relative configured paths are resolved against this folder. */
  readonly cwd: string;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Runs tried before giving up on a checkout that keeps changing (default 3). */
  readonly maxAttempts?: number;
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

export async function runOnSnapshot<T>(
  paths: readonly string[],
  check: SnapshotCheck<T>,
  options: SnapshotRunOptions,
): Promise<SnapshotRunResult<T>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  let discarded = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const resolution = await resolveSnapshot(paths, options.cwd);
    if (resolution.kind === 'missing') return { kind: 'missing', path: resolution.path, discarded };
    const { snapshot } = resolution;
    const first = snapshot.paths[0];
    const revision = first === undefined ? undefined : await readRevision(first.resolved, options.signal);
    const value = await check(snapshot, revision);
    // An aborted run (timeout, shutdown) is reported as such, not retried.
    if (options.signal.aborted || (await isSnapshotIntact(snapshot, options.cwd))) {
      return { kind: 'done', value, snapshot, revision, discarded };
    }
    discarded += 1;
    options.logger.log('warn', 'checkout changed during the run; result discarded, checking the new commit', {
      attempt,
      maxAttempts,
      ...(revision ? { revision: revision.hash } : {}),
    });
  }
  return { kind: 'unstable', discarded };
}
