// How each list is compared: as the kind's OpenAPI v3 schema says when the
// cluster published one (schema-rules.ts), else after the Kubernetes
// strategic-merge-patch metadata (patchMergeKey / listMapKey) of the built-in
// kinds: keyed lists are matched item by item on their merge key, whatever
// the order; everything else is atomic and compared in order. Also formats
// the readable `[name=app]` path segments.

import { schemaListStrategy } from './schema-rules.js';
import type { Site } from './site.js';

export interface KeyField {
  readonly name: string;
  /** The value the server fills in when the field is absent (a port's protocol). */
  readonly default?: string | number | boolean;
}

export type ListStrategy =
  | { readonly type: 'atomic' }
  /**
   * Items matched by key. `set: false` is a merge list: a live item absent from
   * git is drift only when git owned it (last-applied). `set: true` is an atomic
   * list compared without order: any extra live item is drift.
   */
  | { readonly type: 'keyed'; readonly fields: readonly KeyField[]; readonly set: boolean }
  /** A merged list of scalars, such as finalizers: the value is its own key. */
  | { readonly type: 'scalars' };

const ATOMIC: ListStrategy = { type: 'atomic' };
const byName: ListStrategy = { type: 'keyed', fields: [{ name: 'name' }], set: false };
const byField = (name: string): ListStrategy => ({ type: 'keyed', fields: [{ name }], set: false });
const byMountPath = byField('mountPath');
const byDevicePath = byField('devicePath');
const byIp = byField('ip');
const byUid = byField('uid');
const byType = byField('type');
const byConditionType = byField('conditionType');
const containerPorts: ListStrategy = {
  type: 'keyed',
  fields: [{ name: 'containerPort' }, { name: 'protocol', default: 'TCP' }],
  set: false,
};
const servicePorts: ListStrategy = {
  type: 'keyed',
  fields: [{ name: 'port' }, { name: 'protocol', default: 'TCP' }],
  set: false,
};
const endpointPorts: ListStrategy = { ...servicePorts, set: true };
const endpointAddresses: ListStrategy = { type: 'keyed', fields: [{ name: 'ip' }], set: true };
const topologySpread: ListStrategy = {
  type: 'keyed',
  fields: [{ name: 'topologyKey' }, { name: 'whenUnsatisfiable' }],
  set: false,
};
const SCALARS: ListStrategy = { type: 'scalars' };

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The strategy for the list at `site` in an object of `kind`. */
export function listStrategy(kind: string, site: Site): ListStrategy {
  return schemaListStrategy(kind, site) ?? builtinListStrategy(kind, site);
}

function builtinListStrategy(kind: string, site: Site): ListStrategy {
  switch (site.key) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
      return byName;
    case 'volumeMounts':
      return byMountPath;
    case 'volumeDevices':
      return byDevicePath;
    case 'hostAliases':
      return byIp;
    case 'topologySpreadConstraints':
      return topologySpread;
    case 'readinessGates':
      return byConditionType;
    case 'ownerReferences':
      return byUid;
    case 'conditions':
      return byType;
    case 'finalizers':
      return SCALARS;
    case 'ports':
      if (CONTAINER_LISTS.has(site.parentKey)) return containerPorts;
      if (kind === 'Endpoints' && site.parentKey === 'subsets') return endpointPorts;
      if (kind === 'Service' && site.parentKey === 'spec') return servicePorts;
      return ATOMIC;
    case 'addresses':
    case 'notReadyAddresses':
      return kind === 'Endpoints' && site.parentKey === 'subsets' ? endpointAddresses : ATOMIC;
    case 'webhooks':
      return kind.endsWith('WebhookConfiguration') ? byName : ATOMIC;
    case 'versions':
      return kind === 'CustomResourceDefinition' && site.parentKey === 'spec' ? byName : ATOMIC;
    case 'secrets':
      return kind === 'ServiceAccount' ? byName : ATOMIC;
    default:
      return ATOMIC;
  }
}

const PLAIN_KEY_VALUE = /^[A-Za-z0-9_./:@-]*$/;

function formatKeyValue(value: string | number | boolean): string {
  const text = String(value);
  return PLAIN_KEY_VALUE.test(text) && text !== '' ? text : JSON.stringify(text);
}

/** The readable key of a list item (`name=app`, `containerPort=80,protocol=TCP`); undefined when it has none. */
export function itemKey(item: unknown, strategy: ListStrategy): string | undefined {
  if (strategy.type === 'scalars') {
    return typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean'
      ? formatKeyValue(item)
      : undefined;
  }
  if (strategy.type !== 'keyed' || typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  let key = '';
  for (const field of strategy.fields) {
    const value = record[field.name] ?? field.default;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    key += `${key === '' ? '' : ','}${field.name}=${formatKeyValue(value)}`;
  }
  return key;
}

/** Items by key, or undefined when an item has no key or two share one (then the list is compared as atomic). */
export function indexByKey(items: readonly unknown[], strategy: ListStrategy): Map<string, unknown> | undefined {
  const index = new Map<string, unknown>();
  for (const item of items) {
    const key = itemKey(item, strategy);
    if (key === undefined || index.has(key)) return undefined;
    index.set(key, item);
  }
  return index;
}
