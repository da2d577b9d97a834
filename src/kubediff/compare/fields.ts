// Which fields get special treatment: bookkeeping never compared, Quantity
// fields compared by value, maps whose empty strings are real values, and the
// fields a Service or an injector fills in.

import type { Site } from './site.js';

const BOOKKEEPING_METADATA = new Set([
  'creationTimestamp',
  'uid',
  'resourceVersion',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const BOOKKEEPING_ANNOTATIONS = new Set([
  LAST_APPLIED,
  'deployment.kubernetes.io/revision',
  'kubectl.kubernetes.io/restartedAt',
]);

/**
 * Whether `key` of the map at `site` is never compared: status, bookkeeping
 * metadata and annotations, and the identity (apiVersion, kind) that was used
 * to fetch the object in the first place.
 */
export function isIgnoredField(site: Site, key: string, map: Readonly<Record<string, unknown>>): boolean {
  if (site.depth === 0) return key === 'status' || key === 'apiVersion' || key === 'kind';
  if (site.key === 'metadata') return BOOKKEEPING_METADATA.has(key);
  if (site.key === 'annotations' && site.parentKey === 'metadata') return BOOKKEEPING_ANNOTATIONS.has(key);
  // The status of an embedded object, such as a StatefulSet's volumeClaimTemplates.
  return key === 'status' && Object.hasOwn(map, 'metadata') && Object.hasOwn(map, 'spec');
}

const RESOURCE_MAPS = new Set(['limits', 'requests']);
const LIMIT_RANGE_MAPS = new Set(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);
const QUANTITY_MAPS = new Set(['hard', 'used', 'capacity', 'allocatable', 'overhead']);
const QUANTITY_KEYS = new Set(['sizeLimit', 'divisor', 'averageValue', 'targetAverageValue']);

/** Whether the value at `site` is a resource.Quantity (resources.*, ResourceQuota, LimitRange, PVC, emptyDir, ...). */
export function isQuantityField(site: Site): boolean {
  if (RESOURCE_MAPS.has(site.parentKey) && site.grandKey === 'resources') return true;
  if (LIMIT_RANGE_MAPS.has(site.parentKey) && site.grandKey === 'limits') return true;
  if (QUANTITY_MAPS.has(site.parentKey)) return true;
  if (QUANTITY_KEYS.has(site.key)) return true;
  return site.key === 'value' && site.parentKey === 'target';
}

const LITERAL_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector']);

/** Whether the map at `site` holds strings where "" is a value of its own (labels, ConfigMap data, ...). */
export function isLiteralMap(kind: string, site: Site): boolean {
  if (LITERAL_MAPS.has(site.key)) return true;
  if (kind === 'ConfigMap') return site.depth === 1 && (site.key === 'data' || site.key === 'binaryData');
  return kind === 'Service' && site.key === 'selector';
}

const SERVICE_ALLOCATED = new Set(['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'nodePort', 'healthCheckNodePort']);

/** Whether the value at `site` is one a Service's API server allocates. */
export function isServiceAllocated(kind: string, site: Site): boolean {
  return kind === 'Service' && SERVICE_ALLOCATED.has(site.key);
}

const CA_BUNDLE_KINDS = new Set([
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'CustomResourceDefinition',
  'APIService',
]);

/** Whether the value at `site` is a caBundle that an injector (cert-manager, the aggregator) fills in. */
export function isInjectedCaBundle(kind: string, site: Site): boolean {
  return site.key === 'caBundle' && CA_BUNDLE_KINDS.has(kind);
}

/** The object's identity: fetched by it, so never reported as live-only (a namespace git leaves to --namespace). */
export function isIdentityField(site: Site): boolean {
  return site.depth === 2 && site.parentKey === 'metadata' && (site.key === 'namespace' || site.key === 'name');
}
