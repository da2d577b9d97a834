// The job controller's status (Kubernetes 1.31+ conditions): a Job whose
// pods succeed completes at once; one whose pods crash fails each pod after
// the controller's back-off (10 s, doubling) until backoffLimit is passed,
// then FailureTarget and Failed say BackoffLimitExceeded; pods that cannot
// start keep it active.
import { isObject, type KubeObject } from '../types.js';
import { crashLoop, type ImageBehaviour } from './kubelet.js';

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function condition(type: string, reason: string, message: string, at: string): KubeObject {
  return { lastProbeTime: at, lastTransitionTime: at, message, reason, status: 'True', type };
}

/** Pods of a crashing Job that have failed by `elapsedMs` after it started (the first at once). */
export function failedAttempts(elapsedMs: number): number {
  return crashLoop(elapsedMs).restarts + 1;
}

/** The first write of a finished status is final: the controller does not touch a finished Job again. */
function finished(previous: unknown): boolean {
  if (!isObject(previous) || !Array.isArray(previous.conditions)) return false;
  return previous.conditions.some((c) => isObject(c) && (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function jobStatus(job: KubeObject, previous: unknown, behaviour: ImageBehaviour, now: number): KubeObject {
  if (finished(previous)) return previous as KubeObject;
  const spec = isObject(job.spec) ? job.spec : {};
  const base = { terminating: 0, uncountedTerminatedPods: {} };
  if (spec.suspend === true) {
    return { ...base, conditions: [condition('Suspended', 'JobSuspended', 'Job suspended', rfc3339(now))] };
  }
  const startTime = isObject(previous) && typeof previous.startTime === 'string' ? previous.startTime : rfc3339(now);
  const started = Date.parse(startTime);
  const completions = typeof spec.completions === 'number' ? spec.completions : 1;
  const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
  if (behaviour === 'ready') {
    const message = 'Reached expected number of succeeded pods';
    const at = rfc3339(now);
    return {
      completionTime: at,
      conditions: [condition('SuccessCriteriaMet', 'CompletionsReached', message, at), condition('Complete', 'CompletionsReached', message, at)],
      ready: 0,
      startTime,
      succeeded: completions,
      ...base,
    };
  }
  if (behaviour === 'crash-loop') {
    const backoffLimit = typeof spec.backoffLimit === 'number' ? spec.backoffLimit : 6;
    const failed = failedAttempts(now - started);
    if (failed > backoffLimit) {
      const at = rfc3339(started + crashLoopAt(backoffLimit));
      const message = 'Job has reached the specified backoff limit';
      return {
        conditions: [condition('FailureTarget', 'BackoffLimitExceeded', message, at), condition('Failed', 'BackoffLimitExceeded', message, at)],
        failed: backoffLimit + 1,
        ready: 0,
        startTime,
        ...base,
      };
    }
    return { active: 1, failed, ready: 0, startTime, ...base };
  }
  return { active: Math.min(parallelism, completions), ready: 0, startTime, ...base };
}

/** When the (limit+1)-th pod failed, in ms after the Job started. */
function crashLoopAt(limit: number): number {
  let at = 0;
  let backoff = 10_000;
  for (let i = 0; i < limit; i++) {
    at += backoff;
    backoff = Math.min(backoff * 2, 300_000);
  }
  return at;
}
