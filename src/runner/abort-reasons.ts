// Why a run's AbortSignal fired. Tasks look at `signal.reason` to tell a
// timeout (exit 124, counted as a timeout) from a shutdown of the runner. An
// Error, so that whatever reports the cancellation says why in words.
import { formatDuration } from '../config/duration.js';

export class RunAborted extends Error {
  constructor(
    readonly why: 'timeout' | 'shutdown',
    /** For a timeout: the limit that was reached, in milliseconds. */
    readonly afterMs?: number,
  ) {
    super(
      why === 'timeout'
        ? `the run took longer than prom-run's -timeout${afterMs === undefined ? '' : ` (${formatDuration(afterMs)})`}; if the cluster or the repository is that slow, raise -timeout`
        : 'prom-run is shutting down',
    );
    this.name = 'RunAborted';
  }
}

export function timeoutReason(afterMs: number): RunAborted {
  return new RunAborted('timeout', afterMs);
}

export function shutdownReason(): RunAborted {
  return new RunAborted('shutdown');
}

/** True when the signal was aborted because the run took longer than its timeout. */
export function abortedByTimeout(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof RunAborted && signal.reason.why === 'timeout';
}

/** The exit code `timeout(1)` uses for a command that ran out of time. */
export const TIMEOUT_EXIT_CODE = 124;
