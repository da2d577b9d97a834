// Whole-object normalization applied the same way to git, live and the
// last-applied configuration before the walk: a Secret's stringData folded into
// base64 data (as the API server does), Endpoints subsets in a canonical order.

import { LAST_APPLIED } from './fields.js';
import { isMap, setOwn, type JsonMap } from './values.js';

export function normalizeObject(obj: JsonMap): JsonMap {
  if (obj.kind === 'Secret' && isMap(obj.stringData)) return foldStringData(obj);
  if (obj.kind === 'Endpoints' && Array.isArray(obj.subsets)) return { ...obj, subsets: sortSubsets(obj.subsets) };
  return obj;
}

/** stringData wins over data for the same key, as on the API server. */
function foldStringData(secret: JsonMap): JsonMap {
  const { stringData, ...rest } = secret;
  const data: JsonMap = isMap(rest.data) ? { ...rest.data } : {};
  for (const [key, value] of Object.entries(stringData as JsonMap)) {
    // String() of a map would read "[object Object]", or throw for one with a key named toString.
    if (typeof value === 'object' && value !== null) {
      throw new Error(`stringData[${JSON.stringify(key)}] is ${Array.isArray(value) ? 'a list' : 'a map'}, not a string, which the API server refuses: write the value as a string`);
    }
    setOwn(data, key, value === null || value === undefined ? value : Buffer.from(String(value), 'utf8').toString('base64'));
  }
  return { ...rest, data };
}

// Subsets are an atomic list whose order carries no meaning; ordering both
// sides by their addresses and ports lets them be compared item by item.
function sortSubsets(subsets: unknown[]): unknown[] {
  return subsets
    .map((subset) => ({ subset, key: subsetKey(subset) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ subset }) => subset);
}

function subsetKey(subset: unknown): string {
  if (!isMap(subset)) return '';
  const list = (field: string, pick: (item: JsonMap) => string): string =>
    (Array.isArray(subset[field]) ? subset[field] : [])
      .map((item: unknown) => (isMap(item) ? pick(item) : ''))
      .sort()
      .join(',');
  const ips = list('addresses', (address) => String(address.ip ?? ''));
  const notReady = list('notReadyAddresses', (address) => String(address.ip ?? ''));
  const ports = list('ports', (port) => `${String(port.port ?? '')}/${String(port.protocol ?? 'TCP')}`);
  return `${ips}|${notReady}|${ports}`;
}

/** The object's last-applied configuration, normalized like the others; undefined when absent or unreadable. */
export function lastAppliedOf(live: JsonMap): JsonMap | undefined {
  const metadata = live.metadata;
  if (!isMap(metadata) || !isMap(metadata.annotations)) return undefined;
  const text = metadata.annotations[LAST_APPLIED];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isMap(parsed) ? normalizeObject(parsed) : undefined;
  } catch {
    // A hand-edited annotation that is not JSON: nothing is known to be owned.
    return undefined;
  }
}
