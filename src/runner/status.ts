// The immutable snapshot the scheduler publishes after every change, and the
// records of finished runs. The web layer and the metrics only read these.
// Times are epoch milliseconds (numbers, so a frozen snapshot stays immutable).
import type { CheckReport } from '../kubediff/result.js';
import type { Task } from './task.js';

/** What started a run: start-up, a periodic tick, or requestRun() (e.g. POST /-/sync). */
export type RunTrigger = 'start-up' | 'period' | 'request';

/** succeeded: exit 0; failed: any other code; timed-out: exit 124 by our timeout; skipped: did not really run. */
export type RunResult = 'succeeded' | 'failed' | 'timed-out' | 'skipped';

/** A finished run without its output: what the history keeps. */
export interface RunSummary {
  /** 1, 2, 3, ... in start order. */
  readonly id: number;
  readonly trigger: RunTrigger;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationSeconds: number;
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly result: RunResult;
  /** Set for skipped runs: why (e.g. "waiting for /git/repo"). */
  readonly skippedReason?: string;
  /** Drifted objects, when the built-in checker ran (for history charts). */
  readonly drifted?: number;
  /** Errors (of the run, plus objects in error), when the built-in checker ran. */
  readonly errors?: number;
}

/** A finished run with everything it produced. */
export interface RunRecord extends RunSummary {
  readonly output: string;
  readonly outputTruncated: boolean;
  readonly check?: CheckReport;
}

export interface CurrentRun {
  readonly id: number;
  readonly trigger: RunTrigger;
  readonly startedAt: number;
}

export type RunnerState = 'not-run-yet' | 'running' | 'idle' | 'stopped';

export interface RunnerStatus {
  readonly task: { readonly kind: Task['kind']; readonly display: string };
  readonly periodMs: number;
  readonly timeoutMs: number;
  /** running while a run is in progress; not-run-yet until the first run (skipped ones aside) finished. */
  readonly state: RunnerState;
  readonly current: CurrentRun | undefined;
  /** The latest finished run that really ran (skipped runs never replace it). */
  readonly latest: RunRecord | undefined;
  /** Set while the most recent run was skipped: its reason and since when. */
  readonly waiting: { readonly reason: string; readonly since: number } | undefined;
  readonly lastSuccessAt: number | undefined;
  /** When the next periodic run is due; undefined once stopped. */
  readonly nextRunAt: number | undefined;
  /** requestRun() during a run scheduled one more run right after it. */
  readonly followUpPending: boolean;
  /** Finished runs, newest first, bounded. */
  readonly recent: readonly RunSummary[];
  readonly totals: { readonly runs: number; readonly timeouts: number; readonly skippedTicks: number };
}

export function resultOf(exitCode: number, timedOut: boolean, skipped: boolean): RunResult {
  if (skipped) return 'skipped';
  if (timedOut) return 'timed-out';
  return exitCode === 0 ? 'succeeded' : 'failed';
}

/** One line for people: "succeeded", "failed with code 2", "timed out", ... */
export function describeResult(summary: Pick<RunSummary, 'result' | 'exitCode' | 'skippedReason'>): string {
  switch (summary.result) {
    case 'succeeded':
      return 'succeeded';
    case 'failed':
      return `failed with code ${summary.exitCode}`;
    case 'timed-out':
      return 'timed out';
    case 'skipped':
      return `skipped: ${summary.skippedReason ?? 'no reason given'}`;
  }
}
