// Namespace lifecycle: a deleted namespace is first Terminating (no new
// content may be created in it), then the namespace controller's work is done
// after a short delay: its objects are deleted, then the namespace itself.
import { ResourceRegistry } from './registry.js';
import { timestamp, type ServerState } from './state.js';
import { ApiError } from './status.js';
import type { KubeObject } from './types.js';

const NAMESPACES = { group: '', resource: 'namespaces' };

export function namespaceObject(state: ServerState, name: string): KubeObject | undefined {
  return state.store.get(ResourceRegistry.storageKey(NAMESPACES), '', name);
}

export function isTerminating(namespace: KubeObject | undefined): boolean {
  return namespace !== undefined && (namespace.metadata as KubeObject).deletionTimestamp !== undefined;
}

export function terminatingError(namespace: string): ApiError {
  return new ApiError(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, {
    name: namespace,
    kind: 'namespaces',
    causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
  });
}

function removeContents(state: ServerState, namespace: string): void {
  const seen = new Set<string>();
  for (const type of state.registry.all()) {
    const key = ResourceRegistry.storageKey(type);
    if (!type.namespaced || seen.has(key)) continue;
    seen.add(key);
    for (const obj of state.store.list(key, namespace)) {
      state.store.remove(key, namespace, String((obj.metadata as KubeObject).name), state.store.nextRevision());
    }
  }
}

/** Marks the namespace Terminating and schedules its removal; returns the Terminating object. */
export function terminateNamespace(state: ServerState, existing: KubeObject): KubeObject {
  const metadata = existing.metadata as KubeObject;
  const name = String(metadata.name);
  if (isTerminating(existing)) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on namespaces "${name}": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.`, { name, kind: 'namespaces' });
  }
  const revision = state.store.nextRevision();
  const terminating: KubeObject = {
    ...existing,
    metadata: { ...metadata, resourceVersion: String(revision), deletionTimestamp: timestamp(state) },
    status: { phase: 'Terminating' },
  };
  state.store.put(ResourceRegistry.storageKey(NAMESPACES), '', name, terminating, revision);
  state.later(() => {
    removeContents(state, name);
    if (namespaceObject(state, name)) state.store.remove(ResourceRegistry.storageKey(NAMESPACES), '', name, state.store.nextRevision());
  }, state.namespaceDeletionDelayMs);
  return terminating;
}
