// The runner's status as JSON for machines (GET /api/status): the same data
// as the page, times in ISO 8601, durations in seconds.
import type { RunnerStatus, RunRecord, RunSummary } from '../runner/status.js';
import { describeResult } from '../runner/status.js';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function summaryJson(run: RunSummary) {
  return {
    id: run.id,
    trigger: run.trigger,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationSeconds: run.durationSeconds,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    result: run.result,
    /** For people: "succeeded", "failed with code 2", "timed out", "skipped: ...". */
    status: describeResult(run),
    ...(run.skippedReason !== undefined ? { skippedReason: run.skippedReason } : {}),
    ...(run.drifted !== undefined ? { drifted: run.drifted } : {}),
    ...(run.errors !== undefined ? { errors: run.errors } : {}),
  };
}

function latestJson(run: RunRecord) {
  return {
    ...summaryJson(run),
    output: run.output,
    outputTruncated: run.outputTruncated,
    ...(run.check ? { check: run.check } : {}),
  };
}

export function statusJson(status: RunnerStatus) {
  return {
    task: status.task,
    state: status.state,
    periodSeconds: status.periodMs / 1000,
    timeoutSeconds: status.timeoutMs / 1000,
    current: status.current ? { id: status.current.id, trigger: status.current.trigger, startedAt: iso(status.current.startedAt) } : null,
    nextRunAt: iso(status.nextRunAt),
    followUpPending: status.followUpPending,
    waiting: status.waiting ? { reason: status.waiting.reason, since: iso(status.waiting.since) } : null,
    lastSuccessAt: iso(status.lastSuccessAt),
    latest: status.latest ? latestJson(status.latest) : null,
    recent: status.recent.map(summaryJson),
    totals: status.totals,
  };
}

/** The shape of GET /api/status. */
export type StatusJson = ReturnType<typeof statusJson>;
