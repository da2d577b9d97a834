// The time one check may spend on the cluster: every request, retry and
// credential plugin of the run shares it. It ends when the run is cancelled
// (prom-run's -timeout, a shutdown, Ctrl-C) or, when one is set, after
// kubediff's --request-timeout. There is no other limit: a slow API server
// is waited for as long as the budget allows (and a log line says so).
import { formatDuration } from '../../config/duration.js';

export interface Budget {
  /** Aborts when the run is cancelled or the budget runs out. */
  readonly signal: AbortSignal;
  /** When the budget runs out (epoch ms); undefined: only the run's cancellation ends it. */
  readonly deadlineAt: number | undefined;
  /** True when it was the run's own signal that aborted (a cancellation, not the budget). */
  cancelled(): boolean;
  /** Stops the budget's timer. */
  dispose(): void;
}

/** `budgetMs` undefined or 0: no limit of its own. */
export function createBudget(run: AbortSignal | undefined, budgetMs: number | undefined, now: () => number = Date.now): Budget {
  if (!budgetMs) {
    const signal = run ?? new AbortController().signal;
    return { signal, deadlineAt: undefined, cancelled: () => run?.aborted === true, dispose: () => {} };
  }
  const expiry = new AbortController();
  const timer = setTimeout(() => expiry.abort(new Error(`no answer within --request-timeout=${formatDuration(budgetMs)}`)), budgetMs);
  timer.unref();
  return {
    signal: run ? AbortSignal.any([run, expiry.signal]) : expiry.signal,
    deadlineAt: now() + budgetMs,
    cancelled: () => run?.aborted === true,
    dispose: () => clearTimeout(timer),
  };
}
