// Adapts the runner's published snapshot to the kubediff page's data and
// renders it: what the web server calls for `/` when the task is the
// built-in checker.
import type { RunnerStatus, RunSummary } from '../../runner/status.js';
import { parsePageFilter } from './filter.js';
import { renderKubediffPage } from './page.js';
import type { KubediffPageData, PageLimits, PageLinks, PageRun } from './page-data.js';
import { DEFAULT_PAGE_LIMITS } from './page-data.js';

export interface KubediffPageContext {
  readonly now: Date;
  readonly links: PageLinks;
  readonly assets: KubediffPageData['assets'];
  readonly limits?: PageLimits;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function pageRun(run: RunSummary): PageRun {
  return {
    startedAt: iso(run.startedAt),
    durationMs: run.durationSeconds * 1000,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    ...(run.drifted !== undefined ? { outOfSync: run.drifted } : {}),
    ...(run.errors !== undefined ? { errors: run.errors } : {}),
    ...(run.skippedReason !== undefined ? { skipped: run.skippedReason } : {}),
  };
}

/** Half the period, within 2 to 15 seconds: fresh enough after each run, light on the server. */
export function refreshIntervalMs(periodMs: number): number {
  return Math.min(15_000, Math.max(2_000, Math.round(periodMs / 2)));
}

export function kubediffPageData(status: RunnerStatus, context: KubediffPageContext): KubediffPageData {
  const { latest } = status;
  return {
    display: status.task.display,
    ...(latest ? { lastRun: pageRun(latest) } : {}),
    ...(latest?.check ? { report: latest.check } : {}),
    running: status.state === 'running',
    ...(status.waiting ? { waiting: status.waiting.reason } : {}),
    ...(status.nextRunAt !== undefined ? { nextRunAt: iso(status.nextRunAt) } : {}),
    history: [...status.recent].reverse().map(pageRun),
    refreshMs: refreshIntervalMs(status.periodMs),
    now: context.now,
    links: context.links,
    assets: context.assets,
  };
}

/** The whole page for a request URL (its query string holds the filter). */
export function renderKubediffStatusPage(status: RunnerStatus, url: URL, context: KubediffPageContext): string {
  return renderKubediffPage(kubediffPageData(status, context), parsePageFilter(url.searchParams), context.limits ?? DEFAULT_PAGE_LIMITS);
}
