// A pod's status as the kubelet writes it: phase, the five pod conditions,
// container statuses, addresses.
import { createHash } from 'node:crypto';
import { isObject, type KubeObject } from '../types.js';
import { containersOf, containerStatus, finishedContainerStatus, type ImageBehaviours, type PodIdentity } from './kubelet.js';

const NODE_IP = '172.18.0.2';

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function podIp(uid: string): string {
  const bytes = createHash('sha256').update(uid).digest();
  return `10.244.${bytes[0] ?? 0}.${((bytes[1] ?? 0) % 253) + 2}`;
}

function condition(type: string, ready: boolean, at: string, reason?: string, message?: string): KubeObject {
  return { lastProbeTime: null, lastTransitionTime: at, ...(message ? { message } : {}), ...(reason ? { reason } : {}), status: ready ? 'True' : 'False', type };
}

function qosClass(spec: KubeObject): string {
  const containers = containersOf(spec);
  const has = (key: string) => containers.some((c) => isObject(c.resources) && isObject(c.resources[key]) && Object.keys(c.resources[key] as KubeObject).length > 0);
  return has('requests') || has('limits') ? 'Burstable' : 'BestEffort';
}

/**
 * The status at `now` of a pod started at `pod.startedAt`; `finished` for a
 * Job's pod whose containers have exited (0: Succeeded, 1: Failed).
 */
export function podStatus(spec: KubeObject, behaviours: ImageBehaviours, pod: PodIdentity, now: number, finished?: 0 | 1): KubeObject {
  const restartPolicy = typeof spec.restartPolicy === 'string' ? spec.restartPolicy : 'Always';
  const containers = Array.isArray(spec.containers) ? spec.containers.filter(isObject) : [];
  const statuses = containers.map((c) =>
    finished !== undefined ? finishedContainerStatus(c, finished, pod) : containerStatus(c, behaviours.of(String(c.image ?? '')), pod, now, restartPolicy),
  );
  const unready = statuses.filter((s) => s.ready !== true).map((s) => String(s.name));
  const pulling = statuses.some((s) => isObject(s.state) && isObject(s.state.waiting) && s.state.waiting.reason === 'ImagePullBackOff');
  const at = rfc3339(pod.startedAt);
  const phase = finished === 0 ? 'Succeeded' : finished === 1 ? 'Failed' : pulling ? 'Pending' : 'Running';
  const notReady = finished !== undefined ? ['PodCompleted', ''] : ['ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`];
  const ready = unready.length === 0 && finished === undefined;
  const ip = podIp(pod.uid);
  return {
    conditions: [
      condition('PodReadyToStartContainers', finished === undefined, at),
      condition('Initialized', true, at, finished !== undefined ? 'PodCompleted' : undefined),
      condition('Ready', ready, at, ready ? undefined : notReady[0], ready ? undefined : notReady[1]),
      condition('ContainersReady', ready, at, ready ? undefined : notReady[0], ready ? undefined : notReady[1]),
      condition('PodScheduled', true, at),
    ],
    containerStatuses: statuses,
    hostIP: NODE_IP,
    hostIPs: [{ ip: NODE_IP }],
    phase,
    podIP: ip,
    podIPs: [{ ip }],
    qosClass: qosClass(spec),
    startTime: at,
  };
}
