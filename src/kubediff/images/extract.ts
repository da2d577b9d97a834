// Finds the images an object runs: the containers, initContainers and
// ephemeralContainers of its pod spec. Pods have it at `spec`, PodTemplates
// at `template.spec`, workloads (Deployment, StatefulSet, DaemonSet,
// ReplicaSet, Job, ReplicationController, and custom kinds shaped like them,
// such as Argo Rollouts) at `spec.template.spec`, CronJobs at
// `spec.jobTemplate.spec.template.spec`.
import type { ContainerField } from './types.js';

export interface ContainerImage {
  /** The image as written; '' when the container has none (or not a string, shown as JSON). */
  readonly image: string;
  readonly container: string;
  readonly field: ContainerField;
}

const FIELDS: readonly ContainerField[] = ['containers', 'initContainers', 'ephemeralContainers'];

export function containerImages(object: Record<string, unknown>): ContainerImage[] {
  const images: ContainerImage[] = [];
  for (const podSpec of podSpecs(object)) {
    for (const field of FIELDS) {
      const containers = podSpec[field];
      if (!Array.isArray(containers)) continue;
      containers.forEach((container, index) => {
        if (!isRecord(container)) return;
        const name = typeof container.name === 'string' && container.name !== '' ? container.name : `#${index + 1}`;
        images.push({ image: imageText(container.image), container: name, field });
      });
    }
  }
  return images;
}

function podSpecs(object: Record<string, unknown>): Record<string, unknown>[] {
  const at = (...path: string[]): Record<string, unknown> | undefined => {
    let value: unknown = object;
    for (const key of path) value = isRecord(value) ? value[key] : undefined;
    return isRecord(value) ? value : undefined;
  };
  const found = object.kind === 'Pod' ? [at('spec')] : [at('template', 'spec'), at('spec', 'template', 'spec'), at('spec', 'jobTemplate', 'spec', 'template', 'spec')];
  return found.filter((spec): spec is Record<string, unknown> => spec !== undefined && FIELDS.some((field) => Array.isArray(spec[field])));
}

function imageText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
