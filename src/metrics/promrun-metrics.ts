// The metric family that tomwilkie/prom-run exports at its HEAD (commit
// 27fabd2, since "Added more metrics"), so that dashboards and alerts built on
// it keep working when this prom-run replaces it. Names, types and labels are
// prom-run's; exported next to the command_* family, always.
//
// As prom-run does, the summary has no quantiles (client_golang 1.x's default)
// and it and the three gauges exist from start-up at 0, before any run: an
// alert such as `time() - promrun_command_last_success_timestamp_seconds > 3600`
// then fires for a command that never succeeded instead of seeing no series.
// The exit code counter has a series per code once a run ended with it.
//
// One difference, on purpose: the `code` label carries our exit codes, the
// same as command_exit_code (124 timed out, 127 not found, 128+N killed by
// signal N), where prom-run put -1 for a killed or timed-out run and 255 for a
// command that could not start.
import { Counter, Gauge, Summary, type Registry } from 'prom-client';
import type { RunObserver } from '../runner/scheduler.js';
import type { RunRecord } from '../runner/status.js';

/** The family as prom-run names and types it; tests compare our scrape with it. */
export const PROMRUN_FAMILIES = {
  exits: 'promrun_command_exits_total',
  duration: 'promrun_command_duration_seconds',
  lastSuccess: 'promrun_command_last_success_timestamp_seconds',
  lastRun: 'promrun_command_last_run_timestamp_seconds',
  lastRunDuration: 'promrun_command_last_run_duration_seconds',
} as const;

/** Registers the promrun_* family on the registry and returns the observer that keeps it current. */
export function createPromRunMetrics(registry: Registry): RunObserver {
  const registers = [registry];
  const exits = new Counter({
    name: PROMRUN_FAMILIES.exits,
    help: 'Finished runs by exit code (prom-run compatible; the same runs as command_runs_total).',
    labelNames: ['code'],
    registers,
  });
  const duration = new Summary({
    name: PROMRUN_FAMILIES.duration,
    help: 'Duration of the runs (prom-run compatible: a summary without quantiles).',
    percentiles: [],
    registers,
  });
  const lastSuccess = new Gauge({
    name: PROMRUN_FAMILIES.lastSuccess,
    help: 'When the last run that exited 0 finished, in seconds since the epoch; 0 until one has (prom-run compatible).',
    registers,
  });
  const lastRun = new Gauge({
    name: PROMRUN_FAMILIES.lastRun,
    help: 'When the last run finished, in seconds since the epoch; 0 until one has (prom-run compatible).',
    registers,
  });
  const lastRunDuration = new Gauge({
    name: PROMRUN_FAMILIES.lastRunDuration,
    help: 'Duration of the last run; 0 until one has finished (prom-run compatible).',
    registers,
  });
  // Set explicitly, so the series are there from the first scrape.
  lastSuccess.set(0);
  lastRun.set(0);
  lastRunDuration.set(0);

  return {
    runFinished(record: RunRecord) {
      // A skipped run (waiting for git-sync's first checkout) did not run: nothing to count.
      if (record.result === 'skipped') return;
      const finished = record.finishedAt / 1000;
      lastRun.set(finished);
      lastRunDuration.set(record.durationSeconds);
      duration.observe(record.durationSeconds);
      exits.inc({ code: String(record.exitCode) });
      if (record.result === 'succeeded') lastSuccess.set(finished);
    },
  };
}
