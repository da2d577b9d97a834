// How strategic merge patch treats each list of the built-in kinds: merged by a
// key (the Go types' patchMergeKey), merged as a set of primitives, or replaced.
export type ListStrategy = { kind: 'merge'; key: string } | { kind: 'merge-primitive' } | { kind: 'replace' };

const REPLACE: ListStrategy = { kind: 'replace' };
const by = (key: string): ListStrategy => ({ kind: 'merge', key });

/** Lists keyed the same wherever they appear in a pod spec or container. */
const POD_LISTS: Record<string, ListStrategy> = {
  containers: by('name'),
  initContainers: by('name'),
  ephemeralContainers: by('name'),
  volumes: by('name'),
  imagePullSecrets: by('name'),
  hostAliases: by('ip'),
  topologySpreadConstraints: by('topologyKey'),
  readinessGates: by('conditionType'),
  resourceClaims: by('name'),
  schedulingGates: by('name'),
};

const CONTAINER_LISTS: Record<string, ListStrategy> = {
  ports: by('containerPort'),
  env: by('name'),
  volumeMounts: by('mountPath'),
  volumeDevices: by('devicePath'),
  resizePolicy: by('resourceName'),
};

/**
 * The strategy for the list at `path` (field names from the object root, list
 * indices left out) in an object of `kind`.
 */
export function listStrategy(kind: string, path: string[]): ListStrategy {
  const field = path[path.length - 1] ?? '';
  const parent = path[path.length - 2];
  const joined = path.join('.');
  if (joined === 'metadata.finalizers') return { kind: 'merge-primitive' };
  if (joined === 'metadata.ownerReferences') return by('uid');
  if (path[0] === 'status' && field === 'conditions') return by('type');
  if (kind === 'Service' && joined === 'spec.ports') return by('port');
  if (kind === 'ServiceAccount' && (joined === 'secrets' || joined === 'imagePullSecrets')) return by('name');
  if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') {
    return CONTAINER_LISTS[field] ?? REPLACE;
  }
  const inPodSpec = path.length >= 2 && parent === 'spec' && (path.length === 2 || path[path.length - 3] === 'template');
  if (inPodSpec && POD_LISTS[field]) return POD_LISTS[field];
  return REPLACE;
}
