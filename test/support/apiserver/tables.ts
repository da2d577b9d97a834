// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for
// in Accept, with the columns a real server prints for the common kinds and
// Name/Age for the rest (custom resources included).
import type { KubeObject, ResourceType } from './types.js';
import { isObject } from './types.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (obj: KubeObject, now: Date) => unknown;
}

type AnyObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Go's duration.HumanDuration, as the Age column shows it. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  return d < 365 * 8 && d % 365 !== 0 ? `${y}y${d % 365}d` : `${y}y`;
}

const o = (obj: KubeObject): AnyObject => obj as AnyObject;
const NAME: Column = { name: 'Name', type: 'string', format: 'name', cell: (obj) => o(obj).metadata?.name };
const AGE: Column = {
  name: 'Age',
  type: 'string',
  cell: (obj, now) => (o(obj).metadata?.creationTimestamp ? humanDuration(now.getTime() - Date.parse(o(obj).metadata.creationTimestamp)) : '<unknown>'),
};
const count = (value: unknown): number => (isObject(value) ? Object.keys(value).length : 0);
const n = (value: unknown): number => (typeof value === 'number' ? value : 0);
const images = (obj: KubeObject): string => (o(obj).spec?.template?.spec?.containers ?? []).map((c: AnyObject) => c.image).join(',');
const containers = (obj: KubeObject): string => (o(obj).spec?.template?.spec?.containers ?? []).map((c: AnyObject) => c.name).join(',');
const ports = (obj: KubeObject): string => (o(obj).spec?.ports ?? []).map((p: AnyObject) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';

const COLUMNS: Record<string, Column[]> = {
  '/ConfigMap': [NAME, { name: 'Data', type: 'integer', cell: (obj) => count(o(obj).data) + count(o(obj).binaryData) }, AGE],
  '/Secret': [NAME, { name: 'Type', type: 'string', cell: (obj) => o(obj).type ?? 'Opaque' }, { name: 'Data', type: 'integer', cell: (obj) => count(o(obj).data) }, AGE],
  '/Namespace': [NAME, { name: 'Status', type: 'string', cell: (obj) => o(obj).status?.phase ?? 'Active' }, AGE],
  '/Service': [
    NAME,
    { name: 'Type', type: 'string', cell: (obj) => o(obj).spec?.type ?? 'ClusterIP' },
    { name: 'Cluster-IP', type: 'string', cell: (obj) => o(obj).spec?.clusterIP ?? '<none>' },
    { name: 'External-IP', type: 'string', cell: (obj) => (o(obj).spec?.externalIPs ?? []).join(',') || (o(obj).spec?.type === 'LoadBalancer' ? '<pending>' : '<none>') },
    { name: 'Port(s)', type: 'string', cell: ports },
    AGE,
  ],
  '/Pod': [
    NAME,
    { name: 'Ready', type: 'string', cell: (obj) => `0/${(o(obj).spec?.containers ?? []).length}` },
    { name: 'Status', type: 'string', cell: (obj) => o(obj).status?.phase ?? 'Pending' },
    { name: 'Restarts', type: 'string', cell: () => '0' },
    AGE,
  ],
  'apps/Deployment': [
    NAME,
    { name: 'Ready', type: 'string', cell: (obj) => `${n(o(obj).status?.readyReplicas)}/${n(o(obj).spec?.replicas)}` },
    { name: 'Up-to-date', type: 'integer', cell: (obj) => n(o(obj).status?.updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (obj) => n(o(obj).status?.availableReplicas) },
    AGE,
    { name: 'Containers', type: 'string', priority: 1, cell: containers },
    { name: 'Images', type: 'string', priority: 1, cell: images },
  ],
  'apps/StatefulSet': [NAME, { name: 'Ready', type: 'string', cell: (obj) => `${n(o(obj).status?.readyReplicas)}/${n(o(obj).spec?.replicas)}` }, AGE],
  'apps/ReplicaSet': [
    NAME,
    { name: 'Desired', type: 'integer', cell: (obj) => n(o(obj).spec?.replicas) },
    { name: 'Current', type: 'integer', cell: (obj) => n(o(obj).status?.replicas) },
    { name: 'Ready', type: 'integer', cell: (obj) => n(o(obj).status?.readyReplicas) },
    AGE,
  ],
  'apps/DaemonSet': [
    NAME,
    { name: 'Desired', type: 'integer', cell: (obj) => n(o(obj).status?.desiredNumberScheduled) },
    { name: 'Current', type: 'integer', cell: (obj) => n(o(obj).status?.currentNumberScheduled) },
    { name: 'Ready', type: 'integer', cell: (obj) => n(o(obj).status?.numberReady) },
    { name: 'Up-to-date', type: 'integer', cell: (obj) => n(o(obj).status?.updatedNumberScheduled) },
    { name: 'Available', type: 'integer', cell: (obj) => n(o(obj).status?.numberAvailable) },
    AGE,
  ],
};

/** Whether the client's Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((offer) => offer.includes('as=Table') && offer.includes('g=meta.k8s.io'));
}

function columnsFor(type: ResourceType): Column[] {
  return (type.custom ? undefined : COLUMNS[`${type.group}/${type.kind}`]) ?? [NAME, AGE];
}

/** A Table of the objects; the list's metadata (resourceVersion, continue) carries over. */
export function toTable(type: ResourceType, objects: KubeObject[], now: Date, listMetadata: KubeObject = {}): KubeObject {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.name, priority: c.priority ?? 0 })),
    rows: objects.map((obj) => ({
      cells: columns.map((c) => c.cell(obj, now)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata },
    })),
  };
}
