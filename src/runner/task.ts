// What the runner runs each period: an external command or the built-in
// checker. Both give the same kind of outcome, so the scheduler, the metrics
// and the page treat them alike.
import type { CheckReport } from '../kubediff/result.js';

export interface TaskOutcome {
  /** As shells know it: the command's code, 124 timed out, 126 not executable, 127 not found, 128+N signal N. */
  readonly exitCode: number;
  readonly timedOut: boolean;
  /** Combined stdout and stderr in the order written (the checker: its text output), bounded. */
  readonly output: string;
  readonly outputTruncated: boolean;
  /** Present when the built-in checker ran. */
  readonly check?: CheckReport;
  /**
   * Set when the run did not really happen and must not change exported
   * results (e.g. "waiting for /git/repo" before git-sync's first sync).
   */
  readonly skipped?: { readonly reason: string };
}

export interface TaskRunOptions {
  /** Aborted on timeout or shutdown; `signal.reason` says which (see abort-reasons.ts). */
  readonly signal: AbortSignal;
}

export interface Task {
  readonly kind: 'command' | 'kubediff';
  /** The command line as shown on the page and in logs. */
  readonly display: string;
  run(options: TaskRunOptions): Promise<TaskOutcome>;
}
