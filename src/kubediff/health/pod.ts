// A Pod's health, and the container states that mean a workload is broken
// (a crash loop, an image that cannot be pulled): for a Pod in git, and for
// the pods of git's workloads with --pods.
import { at, conditionOf, conditionText, isJson, numberAt, oneLine, stringAt, type Json } from './read.js';
import { degraded, healthy, progressing, type Verdict } from './verdict.js';

/** Waiting reasons that do not go away by waiting: the kubelet backs off and retries forever. */
export const BROKEN_WAITING_REASONS: ReadonlySet<string> = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

export interface ContainerState {
  readonly name: string;
  readonly ready: boolean;
  readonly restartCount: number;
  /** state.waiting.reason, e.g. CrashLoopBackOff. */
  readonly waiting?: string;
  readonly waitingMessage?: string;
  /** state.terminated.reason, else lastState.terminated.reason, e.g. Error or OOMKilled. */
  readonly lastTermination?: string;
  /** Set when the container is terminated now with a non-zero exit code. */
  readonly failedExit?: number;
}

/** Init containers first, as the kubelet runs them. */
export function containerStates(pod: unknown): ContainerState[] {
  const lists = [at(pod, 'status', 'initContainerStatuses'), at(pod, 'status', 'containerStatuses')];
  return lists.flatMap((list) => (Array.isArray(list) ? list.filter(isJson).map(readContainer) : []));
}

function readContainer(status: Json): ContainerState {
  const waiting = stringAt(status, 'state', 'waiting', 'reason');
  const waitingMessage = stringAt(status, 'state', 'waiting', 'message');
  const lastTermination = stringAt(status, 'state', 'terminated', 'reason') ?? stringAt(status, 'lastState', 'terminated', 'reason');
  const exitCode = numberAt(status, 'state', 'terminated', 'exitCode');
  return {
    name: typeof status.name === 'string' ? status.name : '?',
    ready: status.ready === true,
    restartCount: numberAt(status, 'restartCount') ?? 0,
    ...(waiting ? { waiting } : {}),
    ...(waitingMessage ? { waitingMessage } : {}),
    ...(lastTermination ? { lastTermination } : {}),
    ...(exitCode !== undefined && exitCode !== 0 ? { failedExit: exitCode } : {}),
  };
}

/**
 * `container app: CrashLoopBackOff (back-off 40s restarting failed container ...)`
 * for the first broken container of a pod that has not finished, if any: one
 * waiting for a reason that does not pass, or one that just exited with an
 * error (between two restarts of a crash loop).
 */
export function brokenContainer(pod: unknown): string | undefined {
  const containers = containerStates(pod);
  const broken = containers.find((c) => c.waiting !== undefined && BROKEN_WAITING_REASONS.has(c.waiting));
  if (!broken) {
    const failed = containers.find((c) => c.failedExit !== undefined);
    if (!failed) return undefined;
    const restarts = failed.restartCount > 0 ? `, restarted ${failed.restartCount} time${failed.restartCount === 1 ? '' : 's'}` : '';
    return oneLine(`container ${failed.name}: exited with ${failed.lastTermination ?? 'an error'} (exit code ${failed.failedExit}${restarts})`);
  }
  const last = broken.lastTermination ? `, last exit ${broken.lastTermination}` : '';
  const detail = broken.waitingMessage ? ` (${broken.waitingMessage}${last})` : last ? ` (${last.slice(2)})` : '';
  return oneLine(`container ${broken.name}: ${broken.waiting}${detail}`);
}

export function podHealth(pod: Json): Verdict {
  const phase = stringAt(pod, 'status', 'phase');
  if (phase === 'Succeeded') return healthy('completed (Succeeded)');
  if (phase === 'Failed') {
    const why = stringAt(pod, 'status', 'message') ?? stringAt(pod, 'status', 'reason');
    return degraded(oneLine(`Failed${why ? `: ${why}` : ''}`));
  }
  const broken = brokenContainer(pod);
  if (broken) return degraded(broken);
  const ready = conditionOf(pod, 'Ready');
  if (phase === 'Running' && ready?.status === 'True') return healthy('Running and ready');
  const scheduled = conditionOf(pod, 'PodScheduled');
  if (scheduled?.status === 'False') return progressing(conditionText(scheduled, 'not scheduled yet'));
  // Restarts are not progress: a container that keeps restarting is not getting anywhere.
  return progressing(ready ? conditionText(ready, 'not ready') : (phase ?? 'Pending'), { progress: phase ?? '' });
}
