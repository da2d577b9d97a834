// What the kubelet would report for a pod, decided by its images: tests say
// how an image behaves (`server.controllers.image('example.com/app:bad',
// 'crash-loop')`); every other image pulls, starts and becomes ready. Time
// matters as on a node: a crash-looping container restarts with the
// kubelet's back-off (10 s, doubling, at most 5 min), so its restartCount
// grows between two reads.
import { createHash } from 'node:crypto';
import { isObject, type KubeObject } from '../types.js';

/**
 * ready: runs and passes its probes (a Job's pod exits 0);
 * not-ready: runs, its readiness probe fails;
 * crash-loop: exits 1 right after starting (a Job's pod fails);
 * pull-error: the image cannot be pulled.
 */
export type ImageBehaviour = 'ready' | 'not-ready' | 'crash-loop' | 'pull-error';

/** The worst first: a pod is as good as its worst container. */
const SEVERITY: readonly ImageBehaviour[] = ['pull-error', 'crash-loop', 'not-ready', 'ready'];

const BACKOFF_START_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

export class ImageBehaviours {
  private readonly rules = new Map<string, ImageBehaviour>();

  /** An exact image reference, or a prefix ending in `*` (`example.com/app:*`). */
  set(pattern: string, behaviour: ImageBehaviour): void {
    this.rules.set(pattern, behaviour);
  }

  clear(): void {
    this.rules.clear();
  }

  of(image: string): ImageBehaviour {
    const exact = this.rules.get(image);
    if (exact) return exact;
    for (const [pattern, behaviour] of this.rules) if (pattern.endsWith('*') && image.startsWith(pattern.slice(0, -1))) return behaviour;
    return 'ready';
  }

  /** The worst behaviour among a pod spec's containers (init containers included). */
  worstOf(podSpec: unknown): ImageBehaviour {
    const found = containersOf(podSpec).map((c) => this.of(String(c.image ?? '')));
    return SEVERITY.find((b) => found.includes(b)) ?? 'ready';
  }
}

export function containersOf(podSpec: unknown): KubeObject[] {
  if (!isObject(podSpec)) return [];
  const list = (key: string) => (Array.isArray(podSpec[key]) ? (podSpec[key] as unknown[]).filter(isObject) : []);
  return [...list('initContainers'), ...list('containers')];
}

/** Restarts done by `elapsedMs` after the first crash, and the back-off the kubelet waits now. */
export function crashLoop(elapsedMs: number): { restarts: number; backoffMs: number; lastCrashMs: number } {
  let restarts = 0;
  let backoff = BACKOFF_START_MS;
  let at = 0;
  while (at + backoff <= elapsedMs) {
    at += backoff;
    restarts++;
    backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
  }
  return { restarts, backoffMs: backoff, lastCrashMs: at };
}

/** Go's duration text for whole seconds: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `nginx:1.27` -> `docker.io/library/nginx:1.27`, as containerd reports images. */
function fullImage(image: string): string {
  const first = image.split('/')[0] ?? '';
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return `docker.io/${image.includes('/') ? '' : 'library/'}${image}`;
}

export interface PodIdentity {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  /** Epoch ms the pod started on the node. */
  readonly startedAt: number;
}

/** One container's status at `now`, as the kubelet writes it. */
export function containerStatus(container: KubeObject, behaviour: ImageBehaviour, pod: PodIdentity, now: number, restartPolicy: string): KubeObject {
  const name = String(container.name ?? 'container');
  const image = String(container.image ?? '');
  const id = `containerd://${digest(`${pod.uid}/${name}`)}`;
  const common = { image: fullImage(image), imageID: `${fullImage(image).replace(/[:@][^/]*$/, '')}@sha256:${digest(image)}`, name };
  const started = rfc3339(pod.startedAt + 1000);
  switch (behaviour) {
    case 'pull-error':
      return {
        image: fullImage(image),
        imageID: '',
        lastState: {},
        name,
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { message: `Back-off pulling image "${image}"`, reason: 'ImagePullBackOff' } },
      };
    case 'crash-loop': {
      const crashed = (at: number) => ({ containerID: id, exitCode: 1, finishedAt: rfc3339(at + 1000), reason: 'Error', startedAt: rfc3339(at) });
      if (restartPolicy === 'Never') {
        return { ...common, containerID: id, lastState: {}, ready: false, restartCount: 0, started: false, state: { terminated: crashed(pod.startedAt + 1000) } };
      }
      const loop = crashLoop(now - pod.startedAt);
      return {
        ...common,
        containerID: id,
        lastState: { terminated: crashed(pod.startedAt + 1000 + loop.lastCrashMs) },
        ready: false,
        restartCount: loop.restarts,
        started: false,
        state: { waiting: { message: `back-off ${goDuration(loop.backoffMs)} restarting failed container=${name} pod=${pod.name}_${pod.namespace}(${pod.uid})`, reason: 'CrashLoopBackOff' } },
      };
    }
    case 'not-ready':
    case 'ready':
      return { ...common, containerID: id, lastState: {}, ready: behaviour === 'ready', restartCount: 0, started: true, state: { running: { startedAt: started } } };
  }
}

/** A Job's pod whose containers ran to completion: exit 0 (ready) or 1 (crash-loop). */
export function finishedContainerStatus(container: KubeObject, exitCode: 0 | 1, pod: PodIdentity): KubeObject {
  const name = String(container.name ?? 'container');
  const image = String(container.image ?? '');
  return {
    containerID: `containerd://${digest(`${pod.uid}/${name}`)}`,
    image: fullImage(image),
    imageID: `${fullImage(image).replace(/[:@][^/]*$/, '')}@sha256:${digest(image)}`,
    lastState: {},
    name,
    ready: false,
    restartCount: 0,
    started: false,
    state: { terminated: { containerID: `containerd://${digest(`${pod.uid}/${name}`)}`, exitCode, finishedAt: rfc3339(pod.startedAt + 3000), reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: rfc3339(pod.startedAt + 1000) } },
  };
}
