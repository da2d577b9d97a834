// What the kubediff page is rendered from. The server adapts the runner's
// latest snapshot and history to this shape, so the page stays a pure
// function of data (and is easy to render in tests and benchmarks).
import type { CheckReport, HealthStatus, ObjectState } from '../../kubediff/result.js';

/** One run as the page shows it in the recent-runs table and chart. */
export interface PageRun {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly exitCode: number;
  readonly timedOut: boolean;
  /** Drifted plus missing objects, when the checker produced a report. */
  readonly outOfSync?: number;
  /** Errors (run-level and per object), when the checker produced a report. */
  readonly errors?: number;
  /** Set when the run was skipped (e.g. waiting for git-sync's first sync). */
  readonly skipped?: string;
}

export interface PageLinks {
  /** The latest run and history as JSON. */
  readonly json: string;
  /** The checker's text output. */
  readonly text: string;
  readonly metrics: string;
  /** The page itself, for the filter form's action and the reset link. */
  readonly self: string;
}

export interface KubediffPageData {
  /** The command line as configured, e.g. `kubediff /data/repo/k8s`. */
  readonly display: string;
  /** The last run, whatever its outcome; absent before the first run finished. */
  readonly lastRun?: PageRun;
  /** The report of the last run that produced one (may be older than lastRun when that timed out). */
  readonly report?: CheckReport;
  readonly running: boolean;
  /** Set while runs are skipped, e.g. "waiting for /git/repo" before git-sync's first sync. */
  readonly waiting?: string;
  /** When the next run is due (ISO 8601), when scheduled. */
  readonly nextRunAt?: string;
  /** Recent runs, oldest first. */
  readonly history: readonly PageRun[];
  /** How often the page reloads its data, in ms. */
  readonly refreshMs: number;
  readonly now: Date;
  readonly links: PageLinks;
  /** Asset URLs served by the web server (same origin, so a strict CSP applies). */
  readonly assets: { readonly script: string; readonly styles: readonly string[] };
}

/** The page's filter, from the query string (`?ns=&kind=&state=&q=`). Empty means no filter. */
export interface PageFilter {
  readonly namespace: string;
  readonly kind: string;
  readonly state: ObjectState | '';
  readonly query: string;
  /** Rollout health (`?health=Degraded`). */
  readonly health?: HealthStatus | '';
}

/** Size bounds, so a cluster with thousands of drifted objects still gives a usable page. */
export interface PageLimits {
  /** Objects rendered with their differences and diff; the rest get a one-line entry. */
  readonly detailedObjects: number;
  /** Bytes of detailed object HTML before the rest get a one-line entry. */
  readonly detailBytes: number;
  /** One-line entries after the detailed ones; beyond this, only a count and a pointer to the JSON. */
  readonly listedObjects: number;
  /** Diff lines per object. */
  readonly diffLines: number;
  /** Differences per object in the table. */
  readonly differences: number;
  /** Characters of one value (git or live) in the table. */
  readonly valueChars: number;
  /** In-sync objects listed in their fold. */
  readonly inSyncListed: number;
  /** Runs in the recent-runs table and chart. */
  readonly runs: number;
  /** Run-level errors listed (e.g. one per broken manifest document); the rest are counted. */
  readonly runErrors: number;
  /** Images listed in the Images section, not available and available each; the rest are counted. */
  readonly imagesListed: number;
  /** Objects listed in the Rollouts summary (those not Healthy); the rest are counted. */
  readonly rollouts?: number;
}

export const DEFAULT_PAGE_LIMITS: PageLimits = {
  detailedObjects: 300,
  detailBytes: 2_000_000,
  listedObjects: 2_000,
  diffLines: 200,
  differences: 50,
  valueChars: 500,
  inSyncListed: 2_000,
  runs: 60,
  runErrors: 200,
  imagesListed: 500,
  rollouts: 200,
};
