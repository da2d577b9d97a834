// What a rule says about one live object, before deadlines and pods are
// taken into account.
import type { HealthStatus } from '../result.js';

/** Every status, in the order people should look at them (the page and metrics use it). */
export const HEALTH_STATUSES: readonly HealthStatus[] = ['Degraded', 'Progressing', 'Missing', 'Unknown', 'Suspended', 'Healthy'];

export interface Verdict {
  readonly status: HealthStatus;
  /** One line, e.g. `2 of 3 replicas updated`. */
  readonly reason: string;
  /**
   * For Progressing: what counts as progress, e.g. `3/1/1` for generation,
   * updated and ready counts. When it changes between runs, the deadline
   * starts again: a long rollout that keeps moving is not stuck.
   */
  readonly progress?: string;
  /** For Progressing: when the object itself says it last made progress (ISO 8601). */
  readonly progressAt?: string;
  /**
   * For Progressing: the object's own deadline in seconds (a Deployment's
   * progressDeadlineSeconds), `none` when it must not be judged by one (a
   * Job runs as long as it needs), or absent for --progress-deadline.
   */
  readonly deadlineSeconds?: number | 'none';
}

export function healthy(reason: string): Verdict {
  return { status: 'Healthy', reason };
}

export function degraded(reason: string): Verdict {
  return { status: 'Degraded', reason };
}

export function suspended(reason: string): Verdict {
  return { status: 'Suspended', reason };
}

export function progressing(reason: string, extra: Omit<Verdict, 'status' | 'reason'> = {}): Verdict {
  return { status: 'Progressing', reason, ...extra };
}
