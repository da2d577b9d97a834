// What a round trip through the API server's Go types and etcd does to empty
// values of built-in kinds: an empty list or map comes back absent (omitempty),
// or null where the field has no omitempty (Role and ClusterRole `rules`).
// Empty structs (`securityContext: {}`, `resources: {}`) stay. Custom
// resources are stored as JSON and keep everything.
import { isObject, type KubeObject } from './types.js';

/** Fields of Go map type: empty ones are dropped like empty lists. */
const MAP_FIELDS = new Set(['labels', 'annotations', 'data', 'binaryData', 'stringData', 'matchLabels', 'nodeSelector', 'limits', 'requests', 'hard', 'capacity', 'parameters', 'overhead']);
/** Lists without omitempty: empty ones come back as null. */
const NULL_WHEN_EMPTY = new Set(['rules']);

function prune(value: unknown, kind: string, path: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) prune(item, kind, path);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child) && child.length === 0) {
      if (NULL_WHEN_EMPTY.has(key) && path.length === 0) value[key] = null;
      else delete value[key];
    } else if (isObject(child) && Object.keys(child).length === 0 && (MAP_FIELDS.has(key) || (kind === 'Service' && path.join('.') === 'spec' && key === 'selector'))) {
      delete value[key];
    } else {
      prune(child, kind, [...path, key]);
    }
  }
}

export function pruneEmptyFields(kind: string, obj: KubeObject): void {
  prune(obj, kind, []);
}
