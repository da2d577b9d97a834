// Jobs and CronJobs: a Job is done when the job controller says Complete or
// Failed; until then it runs as long as it needs (its own
// activeDeadlineSeconds, enforced by the controller, is its deadline), so it
// is never judged by --progress-deadline.
import { at, conditionsOf, conditionText, numberAt, stringAt, type Condition, type Json } from './read.js';
import { degraded, healthy, progressing, suspended, type Verdict } from './verdict.js';

const isTrue = (conditions: readonly Condition[], type: string) => conditions.find((c) => c.type === type && c.status === 'True');

export function jobHealth(job: Json): Verdict {
  const conditions = conditionsOf(job);
  // FailureTarget comes first (Kubernetes 1.31+), then Failed once the pods are gone; both are final.
  const failed = isTrue(conditions, 'Failed') ?? isTrue(conditions, 'FailureTarget');
  if (failed) return degraded(conditionText(failed, 'the Job failed'));
  const complete = isTrue(conditions, 'Complete') ?? isTrue(conditions, 'SuccessCriteriaMet');
  if (complete) return healthy(conditionText(complete, 'the Job completed'));
  const suspendedCondition = isTrue(conditions, 'Suspended');
  if (at(job, 'spec', 'suspend') === true || suspendedCondition) {
    return suspended(suspendedCondition ? conditionText(suspendedCondition, 'Job suspended') : 'Job suspended (spec.suspend)');
  }
  const active = numberAt(job, 'status', 'active') ?? 0;
  const succeeded = numberAt(job, 'status', 'succeeded') ?? 0;
  const failedPods = numberAt(job, 'status', 'failed') ?? 0;
  const completions = numberAt(job, 'spec', 'completions');
  const done = completions === undefined ? `${succeeded} succeeded` : `${succeeded} of ${completions} succeeded`;
  return progressing(`running: ${active} active, ${done}, ${failedPods} failed`, { deadlineSeconds: 'none' });
}

export function cronJobHealth(cronJob: Json): Verdict {
  if (at(cronJob, 'spec', 'suspend') === true) return suspended('CronJob suspended (spec.suspend)');
  const scheduled = stringAt(cronJob, 'status', 'lastScheduleTime');
  const succeeded = stringAt(cronJob, 'status', 'lastSuccessfulTime');
  const active = at(cronJob, 'status', 'active');
  const running = Array.isArray(active) ? active.length : 0;
  if (scheduled === undefined) return healthy('not scheduled yet');
  // The last scheduled Job is no longer active and no success came after it: it failed.
  if (running === 0 && (succeeded === undefined || Date.parse(succeeded) < Date.parse(scheduled))) {
    return degraded(`the Job scheduled at ${scheduled} did not succeed (last success: ${succeeded ?? 'never'})`);
  }
  return healthy(running > 0 ? `${running} Job${running === 1 ? '' : 's'} running, scheduled at ${scheduled}` : `last Job scheduled at ${scheduled} succeeded`);
}
