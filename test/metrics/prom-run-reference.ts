// What tomwilkie/prom-run exposes at its HEAD, read from its main.go at
// commit 27fabd294517887a703e22a0b5f7aaf3950bdf0d (client_golang v1.9.0):
// families registered with promauto at start-up, so the plain summary and
// gauges are exposed before any run (0), while the CounterVec has no series
// until a run ended with a code. client_golang 1.x summaries have no quantiles
// unless Objectives are set, and prom-run sets none: only _sum and _count.
// Kept as data (names, types, labels, samples), not as prom-run's text.

export interface ReferenceFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'summary';
  /** Label names of its series (without `quantile`, which never appears). */
  readonly labels: readonly string[];
  /** The sample names one series exposes. */
  readonly samples: readonly string[];
  /** Series exposed before the first run, and their value. */
  readonly beforeFirstRun: 'none' | 'zero';
  /** What the value is after a run: a timestamp of when it finished, its duration, or a count. */
  readonly afterRun: 'count-by-code' | 'finished-at' | 'finished-at-if-succeeded' | 'duration' | 'sum-and-count';
}

export const PROM_RUN_HEAD_COMMIT = '27fabd294517887a703e22a0b5f7aaf3950bdf0d';

export const PROM_RUN_HEAD_FAMILIES: readonly ReferenceFamily[] = [
  {
    name: 'promrun_command_exits_total',
    type: 'counter',
    labels: ['code'],
    samples: ['promrun_command_exits_total'],
    beforeFirstRun: 'none',
    afterRun: 'count-by-code',
  },
  {
    name: 'promrun_command_duration_seconds',
    type: 'summary',
    labels: [],
    samples: ['promrun_command_duration_seconds_sum', 'promrun_command_duration_seconds_count'],
    beforeFirstRun: 'zero',
    afterRun: 'sum-and-count',
  },
  {
    name: 'promrun_command_last_success_timestamp_seconds',
    type: 'gauge',
    labels: [],
    samples: ['promrun_command_last_success_timestamp_seconds'],
    beforeFirstRun: 'zero',
    afterRun: 'finished-at-if-succeeded',
  },
  {
    name: 'promrun_command_last_run_timestamp_seconds',
    type: 'gauge',
    labels: [],
    samples: ['promrun_command_last_run_timestamp_seconds'],
    beforeFirstRun: 'zero',
    afterRun: 'finished-at',
  },
  {
    name: 'promrun_command_last_run_duration_seconds',
    type: 'gauge',
    labels: [],
    samples: ['promrun_command_last_run_duration_seconds'],
    beforeFirstRun: 'zero',
    afterRun: 'duration',
  },
];
