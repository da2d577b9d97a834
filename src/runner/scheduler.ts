// Runs a Task at start-up and then on a fixed period, never two at once. A
// tick that falls inside a run is skipped and counted; requestRun() starts a
// run now, or (during a run) exactly one follow-up run after it. After every
// change it publishes a new frozen RunnerStatus that readers take as a whole.
import type { Logger } from '../log/logger.js';
import { abortedByTimeout, shutdownReason, timeoutReason, TIMEOUT_EXIT_CODE } from './abort-reasons.js';
import { RunHistory } from './history.js';
import { resultOf, type CurrentRun, type RunRecord, type RunnerStatus, type RunTrigger } from './status.js';
import type { Task, TaskOutcome } from './task.js';

/** Hooks for what happens around runs (metrics, logs); errors thrown by observers are logged and ignored. */
export interface RunObserver {
  runStarted?(run: CurrentRun): void;
  runFinished?(record: RunRecord): void;
  tickSkipped?(): void;
}

export interface SchedulerOptions {
  readonly task: Task;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly observers?: readonly RunObserver[];
  /** Epoch milliseconds; default Date.now. */
  readonly clock?: () => number;
  /** Finished runs kept (summaries only); default 100. */
  readonly historySize?: number;
}

/** started: a run began now; follow-up: one more run will start after the current one (coalesced). */
export type RunRequestResult = 'started' | 'follow-up-scheduled' | 'follow-up-already-scheduled' | 'stopped';

export class Scheduler {
  private readonly clock: () => number;
  private readonly history: RunHistory;
  private readonly observers: readonly RunObserver[];
  private startedAt: number | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private nextRunAt: number | undefined;
  private current: CurrentRun | undefined;
  private currentDone: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private followUp = false;
  private stopped = false;
  private sequence = 0;
  private latest: RunRecord | undefined;
  private waiting: RunnerStatus['waiting'];
  private lastSuccessAt: number | undefined;
  private totals = { runs: 0, timeouts: 0, skippedTicks: 0 };
  private snapshot: RunnerStatus;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? Date.now;
    this.history = new RunHistory(options.historySize ?? 100);
    this.observers = options.observers ?? [];
    this.snapshot = this.buildSnapshot();
  }

  /** The latest published snapshot; frozen, replaced (never changed) on every change. */
  status(): RunnerStatus {
    return this.snapshot;
  }

  /** Runs now, then every period. */
  start(): void {
    if (this.startedAt !== undefined || this.stopped) return;
    this.startedAt = this.clock();
    this.scheduleTick();
    this.launch('start-up');
  }

  /** Asks for a run as soon as possible; requests during a run coalesce into one follow-up run. */
  requestRun(): RunRequestResult {
    if (this.stopped) return 'stopped';
    if (this.current === undefined) {
      this.launch('request');
      return 'started';
    }
    if (this.followUp) return 'follow-up-already-scheduled';
    this.followUp = true;
    this.publish();
    return 'follow-up-scheduled';
  }

  /** Stops scheduling, aborts a run in progress (its task terminates its processes) and waits for it. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.followUp = false;
      clearTimeout(this.tickTimer);
      this.nextRunAt = undefined;
      this.controller?.abort(shutdownReason());
      this.publish();
    }
    await this.currentDone;
  }

  private scheduleTick(): void {
    if (this.stopped || this.startedAt === undefined) return;
    const { periodMs } = this.options;
    const now = this.clock();
    // Ticks stay on the grid start + k*period, however long runs take.
    const next = this.startedAt + (Math.floor((now - this.startedAt) / periodMs) + 1) * periodMs;
    this.nextRunAt = next;
    this.tickTimer = setTimeout(() => this.tick(), Math.max(0, next - now));
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.current !== undefined) {
      this.totals = { ...this.totals, skippedTicks: this.totals.skippedTicks + 1 };
      this.options.logger.log('warn', 'tick skipped: the previous run is still in progress', {
        command: this.options.task.display,
        run_id: this.current.id,
      });
      this.notify((observer) => observer.tickSkipped?.());
    } else {
      this.launch('period');
    }
    this.scheduleTick();
    this.publish();
  }

  private launch(trigger: RunTrigger): void {
    this.currentDone = this.execute(trigger);
  }

  private async execute(trigger: RunTrigger): Promise<void> {
    const run: CurrentRun = Object.freeze({ id: ++this.sequence, trigger, startedAt: this.clock() });
    const controller = new AbortController();
    this.current = run;
    this.controller = controller;
    this.publish();
    this.notify((observer) => observer.runStarted?.(run));

    const timer = setTimeout(() => controller.abort(timeoutReason(this.options.timeoutMs)), this.options.timeoutMs);
    // Durations from the monotonic clock: a wall-clock step (NTP) must not make a run last -5 s or 1 h.
    const began = performance.now();
    const outcome = await this.runTask(controller.signal);
    const durationSeconds = (performance.now() - began) / 1000;
    clearTimeout(timer);

    const record = this.record(run, outcome, abortedByTimeout(controller.signal), durationSeconds);
    this.current = undefined;
    this.controller = undefined;
    this.remember(record);
    this.publish();
    this.logRun(record);
    this.notify((observer) => observer.runFinished?.(record));

    if (this.followUp && !this.stopped) {
      this.followUp = false;
      this.launch('request');
    }
  }

  private async runTask(signal: AbortSignal): Promise<TaskOutcome> {
    try {
      return await this.options.task.run({ signal });
    } catch (error) {
      // A task should return outcomes, not throw; if it throws, the run failed, the runner goes on.
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.log('error', 'task failed', { command: this.options.task.display, error: message });
      return { exitCode: 1, timedOut: false, output: `prom-run: the task failed: ${message}\n`, outputTruncated: false };
    }
  }

  private record(run: CurrentRun, outcome: TaskOutcome, timedOutByUs: boolean, durationSeconds: number): RunRecord {
    const finishedAt = this.clock();
    // Our timeout is the authority: a run we aborted for time is a timeout, whatever the task said.
    const timedOut = timedOutByUs || outcome.timedOut;
    const exitCode = timedOutByUs ? TIMEOUT_EXIT_CODE : outcome.exitCode;
    const skipped = outcome.skipped !== undefined && !timedOut;
    return Object.freeze({
      ...run,
      finishedAt,
      durationSeconds: Math.round(durationSeconds * 1e6) / 1e6,
      exitCode,
      timedOut,
      result: resultOf(exitCode, timedOut, skipped),
      ...(skipped ? { skippedReason: outcome.skipped?.reason } : {}),
      ...(outcome.check
        ? {
            drifted: outcome.check.totals.drifted + outcome.check.totals.missing,
            errors: outcome.check.errors.length + outcome.check.totals.error,
            check: outcome.check,
          }
        : {}),
      output: outcome.output,
      outputTruncated: outcome.outputTruncated,
    });
  }

  private remember(record: RunRecord): void {
    this.history.add(record);
    if (record.result === 'skipped') {
      // Since when runs are skipped for this reason (a new reason, e.g. a torn run after waiting for the first sync, starts anew).
      const reason = record.skippedReason ?? '';
      const since = this.waiting?.reason === reason ? this.waiting.since : record.startedAt;
      this.waiting = Object.freeze({ reason, since });
      return;
    }
    this.waiting = undefined;
    this.latest = record;
    if (record.result === 'succeeded') this.lastSuccessAt = record.finishedAt;
    this.totals = {
      ...this.totals,
      runs: this.totals.runs + 1,
      timeouts: this.totals.timeouts + (record.timedOut ? 1 : 0),
    };
  }

  private logRun(record: RunRecord): void {
    const fields = {
      command: this.options.task.display,
      run_id: record.id,
      trigger: record.trigger,
      exit_code: record.exitCode,
      duration_seconds: record.durationSeconds,
      timed_out: record.timedOut,
      output_truncated: record.outputTruncated,
    };
    if (record.result === 'skipped') {
      this.options.logger.log('info', 'run skipped', { ...fields, reason: record.skippedReason });
    } else {
      this.options.logger.log('info', 'run finished', fields);
    }
  }

  private notify(call: (observer: RunObserver) => void): void {
    for (const observer of this.observers) {
      try {
        call(observer);
      } catch (error) {
        this.options.logger.log('error', 'run observer failed', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private publish(): void {
    this.snapshot = this.buildSnapshot();
  }

  private buildSnapshot(): RunnerStatus {
    const state = this.stopped ? 'stopped' : this.current ? 'running' : this.latest ? 'idle' : 'not-run-yet';
    return Object.freeze({
      task: Object.freeze({ kind: this.options.task.kind, display: this.options.task.display }),
      periodMs: this.options.periodMs,
      timeoutMs: this.options.timeoutMs,
      state,
      current: this.current,
      latest: this.latest,
      waiting: this.waiting,
      lastSuccessAt: this.lastSuccessAt,
      nextRunAt: this.nextRunAt,
      followUpPending: this.followUp,
      recent: this.history.newestFirst(),
      totals: Object.freeze({ ...this.totals }),
    });
  }
}
