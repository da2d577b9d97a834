// Wraps the kubediff Task for use next to git-sync: each run checks one
// snapshot of the configured paths (retried when git-sync swapped the
// checkout during it), carries the commit it checked, and is skipped with
// "waiting for <path>" until git-sync's first sync made the path exist.
import type { Revision } from '../kubediff/result.js';
import type { Logger } from '../log/logger.js';
import type { Task, TaskOutcome, TaskRunOptions } from '../runner/task.js';
import type { CheckoutState } from './checkout-state.js';
import type { CommitUrl } from './commit-url.js';
import { createPathMapper, remapReport } from './remap-report.js';
import type { RevisionMetrics } from './revision-metrics.js';
import { runOnSnapshot, type RevisionReader } from './snapshot-run.js';

export interface GitSyncTaskOptions {
  /** The manifests paths as configured (git-sync's link, or below it). */
  readonly paths: readonly string[];
  /** Relative paths are resolved against this folder (the runner's working directory). */
  readonly cwd: string;
  /** Builds the kubediff task that checks the given (resolved) paths, at the given commit when known (for its output). */
  readonly createTask: (paths: readonly string[], revision?: Revision) => Task;
  readonly state: CheckoutState;
  readonly metrics: RevisionMetrics;
  readonly logger: Logger;
  readonly commitUrl?: CommitUrl;
  /** Epoch ms; default Date.now. */
  readonly clock?: () => number;
  /** Runs tried on a checkout that keeps changing (default 3). */
  readonly maxAttempts?: number;
  /** Reads the commit of a resolved path (default readRevision, with git). */
  readonly readRevision?: RevisionReader;
}

function skipped(reason: string): TaskOutcome {
  return { exitCode: 0, timedOut: false, output: `${reason}\n`, outputTruncated: false, skipped: { reason } };
}

export function createGitSyncTask(options: GitSyncTaskOptions): Task {
  const display = options.createTask(options.paths);
  const clock = options.clock ?? Date.now;
  const withUrl = (revision: Revision | undefined): Revision | undefined =>
    revision && options.commitUrl ? { ...revision, url: options.commitUrl(revision.hash) } : revision;

  async function run({ signal }: TaskRunOptions): Promise<TaskOutcome> {
    let result;
    try {
      result = await runOnSnapshot(
        options.paths,
        (snapshot, revision) => options.createTask(snapshot.paths.map((path) => path.resolved), withUrl(revision)).run({ signal }),
        { cwd: options.cwd, signal, logger: options.logger, maxAttempts: options.maxAttempts, readRevision: options.readRevision },
      );
    } catch (error) {
      // E.g. EACCES on git-sync's volume: let the checker read the paths as
      // configured, so it reports the problem with the file it concerns.
      options.logger.log('warn', 'cannot resolve the manifests paths; checking them as configured', {
        error: error instanceof Error ? error.message : String(error),
      });
      return options.createTask(options.paths).run({ signal });
    }
    options.metrics.countDiscarded(result.discarded);
    if (result.kind !== 'missing') options.state.markFound();
    switch (result.kind) {
      case 'missing':
        // Before git-sync's first sync: nothing to check, nothing to report.
        // Once the path has existed, a missing path is the checker's error to report.
        if (!options.state.found) return skipped(`waiting for ${result.path}`);
        return options.createTask(options.paths).run({ signal });
      case 'unstable':
        // Said as it is on the page's headline and in /api/status (waiting.reason); the last result stays shown.
        return skipped(`checkout kept changing during ${result.discarded} tries; the next run will retry`);
      case 'done': {
        const outcome = result.value;
        const map = createPathMapper(result.snapshot.paths);
        // Interrupted (timeout, shutdown): no report, and the commit was not checked.
        if (outcome.check === undefined || signal.aborted) return { ...outcome, output: map(outcome.output) };
        options.metrics.observe(options.state.record(result.snapshot, result.revision, clock()));
        const revision = withUrl(result.revision);
        return { ...outcome, output: map(outcome.output), check: remapReport(outcome.check, result.snapshot.paths, revision) };
      }
    }
  }

  return {
    kind: display.kind,
    display: display.display,
    async run(runOptions) {
      const id = options.state.beginRun();
      try {
        return await run(runOptions);
      } finally {
        options.state.endRun(id);
      }
    },
  };
}
