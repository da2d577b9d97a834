// Server-side defaulting, dispatched by kind (filled in per kind by the defaults-* files).
import { defaultCrd } from './crd.js';
import { timestamp, type ServerState } from './state.js';
import { metadataOf, type KubeObject, type ResourceType } from './types.js';

export function applyDefaults(state: ServerState, type: ResourceType, obj: KubeObject, previous: KubeObject | undefined): void {
  if (type.custom) return;
  switch (`${type.group}/${type.kind}`) {
    case '/Namespace': {
      const metadata = metadataOf(obj);
      metadata.labels = { ...(metadata.labels as object), 'kubernetes.io/metadata.name': metadata.name };
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
      break;
    }
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      defaultCrd(obj, previous ? String(metadataOf(previous).creationTimestamp) : timestamp(state));
      break;
  }
}
