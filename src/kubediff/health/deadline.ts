// Time in a status: `since` kept across runs, and Progressing that has made
// no progress for longer than the deadline turned into Degraded. The clock
// restarts whenever the rule's progress marker changes (a long rollout that
// keeps moving is not stuck) or the object itself says it progressed later
// (a Deployment's Progressing condition).
import { formatDuration } from '../../config/duration.js';
import type { ObjectHealth } from '../result.js';
import type { HealthState, RememberedObject } from './memory.js';
import type { Verdict } from './verdict.js';

/** --progress-deadline's default, as a Deployment's progressDeadlineSeconds defaults to 600. */
export const DEFAULT_PROGRESS_DEADLINE_MS = 10 * 60 * 1000;

export interface DeadlineContext {
  /** Epoch ms the run started. */
  readonly now: number;
  readonly previous: HealthState | undefined;
  /** False in the one-shot CLI: nothing is remembered, so no `since` is reported. */
  readonly remembering: boolean;
  /** --progress-deadline, for objects without a deadline of their own. */
  readonly deadlineMs: number;
}

export interface Judged {
  readonly health: ObjectHealth;
  /** What to remember for the next run; absent for Healthy objects. */
  readonly remembered?: RememberedObject;
}

export function judge(key: string, verdict: Verdict, context: DeadlineContext): Judged {
  const { now, previous, remembering } = context;
  if (verdict.status === 'Healthy') return { health: { status: 'Healthy', reason: verdict.reason } };
  const before = previous?.objects.get(key);
  const same = before?.status === verdict.status ? before : undefined;
  const since = same?.since ?? now;
  const stamp = (at: number) => (remembering ? { since: new Date(at).toISOString() } : {});
  if (verdict.status !== 'Progressing') {
    return { health: { status: verdict.status, reason: verdict.reason, ...stamp(since) }, remembered: { status: verdict.status, since } };
  }

  const progress = verdict.progress ?? '';
  const reported = verdict.progressAt === undefined ? Number.NaN : Date.parse(verdict.progressAt);
  const firstSeen = same && same.progress === progress && same.progressSince !== undefined ? same.progressSince : now;
  // The object's own word on its last progress may come before or after our first sight of it.
  const progressSince = Number.isFinite(reported) ? (same ? Math.max(firstSeen, reported) : Math.min(firstSeen, reported)) : firstSeen;
  const remembered: RememberedObject = { status: 'Progressing', since, progress, progressSince };
  const deadlineMs = verdict.deadlineSeconds === 'none' ? undefined : verdict.deadlineSeconds !== undefined ? verdict.deadlineSeconds * 1000 : context.deadlineMs;
  const stuckFor = now - progressSince;
  if (deadlineMs === undefined || stuckFor <= deadlineMs) {
    return { health: { status: 'Progressing', reason: verdict.reason, ...stamp(since) }, remembered };
  }
  const reason = `no progress for ${formatDuration(roundToSeconds(stuckFor))}, past its deadline of ${formatDuration(deadlineMs)}: ${verdict.reason}`;
  return { health: { status: 'Degraded', reason, ...stamp(progressSince + deadlineMs) }, remembered };
}

function roundToSeconds(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}
