// The bounded history of finished runs: summaries only (no output), so memory
// does not grow with the number of runs or the size of their output.
import type { RunRecord, RunSummary } from './status.js';

export class RunHistory {
  private readonly entries: RunSummary[] = [];
  private cached: readonly RunSummary[] | undefined;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
  }

  add(record: RunRecord): void {
    this.entries.push(summarize(record));
    if (this.entries.length > this.capacity) this.entries.shift();
    this.cached = undefined;
  }

  /** A frozen copy, newest first. */
  newestFirst(): readonly RunSummary[] {
    this.cached ??= Object.freeze([...this.entries].reverse());
    return this.cached;
  }
}

function summarize(record: RunRecord): RunSummary {
  return Object.freeze({
    id: record.id,
    trigger: record.trigger,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationSeconds: record.durationSeconds,
    exitCode: record.exitCode,
    timedOut: record.timedOut,
    result: record.result,
    ...(record.skippedReason !== undefined ? { skippedReason: record.skippedReason } : {}),
    ...(record.drifted !== undefined ? { drifted: record.drifted } : {}),
    ...(record.errors !== undefined ? { errors: record.errors } : {}),
  });
}
