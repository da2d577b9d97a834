// Why a run's AbortSignal fired. Tasks look at `signal.reason` to tell a
// timeout (exit 124, counted as a timeout) from a shutdown of the runner.
export class RunAborted {
  constructor(
    readonly why: 'timeout' | 'shutdown',
    /** For a timeout: the limit that was reached, in milliseconds. */
    readonly afterMs?: number,
  ) {}
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
