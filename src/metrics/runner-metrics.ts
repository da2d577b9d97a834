// The runner's metrics, on a registry that is passed in. Names follow
// tomwilkie/prom-run so the classic alert `max(command_exit_code{job="kubediff"}) != 0`
// keeps working. The "last run" gauges appear only after the first real run, so
// nothing claims a result (exit code 0, timestamp 0) before there is one. The
// configured period and timeout are exported from the start, so alerts can
// scale with them (KubediffCheckStale: no finished run for three periods).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import type { RunObserver } from '../runner/scheduler.js';
import type { RunRecord } from '../runner/status.js';

export interface RunnerMetricsOptions {
  readonly registry: Registry;
  /** The package version, for the build info metric. */
  readonly version: string;
  /** The configured -period (ms), exported as command_period_seconds. */
  readonly periodMs: number;
  /** The configured -timeout (ms), exported as command_timeout_seconds. */
  readonly timeoutMs: number;
}

/** Run durations from 10 ms to the default 10 min timeout and beyond. */
export const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/** Registers the runner's metrics and returns the observer that keeps them current. */
export function createRunnerMetrics({ registry, version, periodMs, timeoutMs }: RunnerMetricsOptions): RunObserver {
  const registers = [registry];
  const lazy = (metric: Metric): (() => void) => {
    let registered = false;
    return () => {
      if (!registered) registry.registerMetric(metric);
      registered = true;
    };
  };

  const exitCode = new Gauge({ name: 'command_exit_code', help: 'Exit code of the last run (124 timed out, 126 not executable, 127 not found, 128+N killed by signal N).', registers: [] });
  const lastDuration = new Gauge({ name: 'command_last_run_duration_seconds', help: 'Duration of the last run.', registers: [] });
  const lastRun = new Gauge({ name: 'command_last_run_timestamp_seconds', help: 'When the last run finished, in seconds since the epoch.', registers: [] });
  const lastSuccess = new Gauge({ name: 'command_last_success_timestamp_seconds', help: 'When the last run that exited 0 finished, in seconds since the epoch.', registers: [] });
  const showLastRun = lazy(exitCode);
  const showLastDuration = lazy(lastDuration);
  const showLastRunTime = lazy(lastRun);
  const showLastSuccess = lazy(lastSuccess);

  const duration = new Histogram({ name: 'command_duration_seconds', help: 'Duration of the runs.', buckets: DURATION_BUCKETS, registers });
  const runs = new Counter({ name: 'command_runs_total', help: 'Finished runs by exit code.', labelNames: ['exit_code'], registers });
  const timeouts = new Counter({ name: 'command_timeouts_total', help: 'Runs stopped because they took longer than the timeout.', registers });
  const skippedTicks = new Counter({ name: 'command_skipped_ticks_total', help: 'Periodic runs not started because the previous run was still in progress.', registers });
  const running = new Gauge({ name: 'command_running', help: '1 while a run is in progress, else 0.', registers });
  const period = new Gauge({ name: 'command_period_seconds', help: 'How often a run starts (the configured -period).', registers });
  const timeout = new Gauge({ name: 'command_timeout_seconds', help: 'How long a run may take before it is stopped and exits 124 (the configured -timeout).', registers });
  const buildInfo = new Gauge({ name: 'kubediff_build_info', help: 'Always 1; labels give the version of kubediff/prom-run and of Node.js.', labelNames: ['version', 'node_version'], registers });
  buildInfo.set({ version, node_version: process.versions.node }, 1);
  running.set(0);
  period.set(periodMs / 1000);
  timeout.set(timeoutMs / 1000);

  return {
    runStarted() {
      running.set(1);
    },
    runFinished(record: RunRecord) {
      running.set(0);
      // A skipped run (e.g. waiting for git-sync's first sync) exports nothing.
      if (record.result === 'skipped') return;
      showLastRun();
      showLastDuration();
      showLastRunTime();
      exitCode.set(record.exitCode);
      lastDuration.set(record.durationSeconds);
      lastRun.set(record.finishedAt / 1000);
      duration.observe(record.durationSeconds);
      runs.inc({ exit_code: String(record.exitCode) });
      if (record.timedOut) timeouts.inc();
      if (record.result === 'succeeded') {
        showLastSuccess();
        lastSuccess.set(record.finishedAt / 1000);
      }
    },
    tickSkipped() {
      skippedTicks.inc();
    },
  };
}

// Gauges that prom-client names with a `_total` suffix, which promtool rejects
// for non-counters; the same values are exported without the suffix.
const MISNAMED_DEFAULT_METRICS = new Set(['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']);

/** The process's default metrics (CPU, memory, event loop, GC), clean under `promtool check metrics`. */
export function registerDefaultMetrics(registry: Registry): void {
  const scratch = new Registry();
  collectDefaultMetrics({ register: scratch });
  for (const { name } of scratch.getMetricsAsArray()) {
    const metric = scratch.getSingleMetric(name);
    if (metric && !MISNAMED_DEFAULT_METRICS.has(name)) registry.registerMetric(metric);
  }
}
