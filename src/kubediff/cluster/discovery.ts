// Discovery, once per run: which apiVersion/kind the cluster serves, under which
// resource name, and whether it is namespaced. Uses aggregated discovery
// (apidiscovery.k8s.io v2, two requests) when the server offers it, else the
// legacy documents: /api/v1, /apis, then every group version concurrently.
import { ClusterError } from '../../errors.js';
import { pathSegmentProblem } from '../identity/name-rules.js';
import type { ApiClient } from './api-client.js';
import type { ApiResponse } from './transport.js';

export interface ResourceInfo {
  readonly resource: string;
  readonly namespaced: boolean;
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Verbs the server lists for the resource (may be empty when unknown). */
  readonly verbs: readonly string[];
}

export interface Discovery {
  lookup(apiVersion: string, kind: string): ResourceInfo | undefined;
  /** When the group version's discovery failed (e.g. an unavailable aggregated API), the error; lookup then says undefined. */
  groupVersionError(apiVersion: string): ClusterError | undefined;
}

const AGGREGATED_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

type Json = Record<string, unknown>;

/** `aggregated: false` asks for the legacy documents only (tests compare both ways). */
export async function discover(client: ApiClient, opts: { aggregated?: boolean } = {}): Promise<Discovery> {
  const accept = opts.aggregated === false ? 'application/json' : AGGREGATED_ACCEPT;
  const resources = new Map<string, ResourceInfo>();
  const failures = new Map<string, ClusterError>();
  const add = (info: ResourceInfo) => {
    // Names from the server become URL path segments: `..` or `a/b` would ask for another path.
    if (!isSegment(info.resource) || !isSegment(info.version) || (info.group !== '' && !isSegment(info.group))) return;
    const key = lookupKey(info.group ? `${info.group}/${info.version}` : info.version, info.kind);
    // The first resource for a kind wins (e.g. not a second resource of the same kind).
    if (!resources.has(key)) resources.set(key, info);
  };
  const [core, groups] = await Promise.all([
    client.request('discovery', '/api', 'discovery /api', accept),
    client.request('discovery', '/apis', 'discovery /apis', accept),
  ]);
  const coreDoc = parseDiscovery(core, '/api');
  const groupsDoc = parseDiscovery(groups, '/apis');
  const legacy: Array<Promise<void>> = [];
  for (const doc of [coreDoc, groupsDoc]) {
    if (doc.kind === 'APIGroupDiscoveryList') {
      addAggregated(doc, add);
    }
  }
  if (coreDoc.kind !== 'APIGroupDiscoveryList') {
    const versions = Array.isArray(coreDoc.versions) ? (coreDoc.versions as string[]) : ['v1'];
    for (const version of versions) legacy.push(fetchGroupVersion(client, '', version, add, failures));
  }
  if (groupsDoc.kind !== 'APIGroupDiscoveryList') {
    for (const group of asArray(groupsDoc.groups)) {
      for (const v of asArray(group.versions)) {
        legacy.push(fetchGroupVersion(client, String(group.name), String(v.version), add, failures));
      }
    }
  }
  await Promise.all(legacy);
  return {
    lookup: (apiVersion, kind) => resources.get(lookupKey(apiVersion, kind)),
    groupVersionError: (apiVersion) => failures.get(apiVersion),
  };
}

function isSegment(name: string): boolean {
  return name !== '' && pathSegmentProblem(name) === undefined;
}

function lookupKey(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}

function parseDiscovery(response: ApiResponse, path: string): Json {
  if (response.status !== 200) {
    throw new ClusterError(`discovery ${path}`, response.status, `API discovery (${path}) failed: HTTP ${response.status}${statusMessage(response)}`, {
      reason: response.status === 401 || response.status === 403 ? 'forbidden' : 'discovery',
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(response.body.toString('utf8'));
  } catch (err) {
    throw new ClusterError(`discovery ${path}`, response.status, `API discovery (${path}) returned invalid JSON`, { cause: err, reason: 'discovery' });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ClusterError(`discovery ${path}`, response.status, `API discovery (${path}) returned JSON that is not an object`, { reason: 'discovery' });
  }
  return doc as Json;
}

// APIGroupDiscoveryList: items (groups) -> versions -> resources, each with its
// responseKind and scope.
function addAggregated(doc: Json, add: (info: ResourceInfo) => void): void {
  for (const item of asArray(doc.items)) {
    const group = String((item.metadata as Json | undefined)?.name ?? '');
    for (const v of asArray(item.versions)) {
      const version = String(v.version);
      for (const r of asArray(v.resources)) {
        const responseKind = (r.responseKind ?? {}) as Json;
        if (!responseKind.kind) continue;
        add({
          resource: String(r.resource),
          namespaced: r.scope === 'Namespaced',
          group,
          version,
          kind: String(responseKind.kind),
          verbs: asStrings(r.verbs),
        });
      }
    }
  }
}

async function fetchGroupVersion(
  client: ApiClient,
  group: string,
  version: string,
  add: (info: ResourceInfo) => void,
  failures: Map<string, ClusterError>,
): Promise<void> {
  const apiVersion = group ? `${group}/${version}` : version;
  if (!isSegment(version) || (group !== '' && !isSegment(group))) return; // would ask for another path
  const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
  let doc: Json;
  try {
    doc = parseDiscovery(await client.request('discovery', path, `discovery ${path}`), path);
  } catch (err) {
    // One unavailable group (a broken aggregated API) must not stop the run;
    // an unreachable server or a cancelled run must.
    if (err instanceof ClusterError && err.status !== undefined) {
      failures.set(apiVersion, err);
      return;
    }
    throw err;
  }
  for (const r of asArray(doc.resources)) {
    const name = String(r.name ?? '');
    if (name === '' || name.includes('/')) continue; // subresources such as deployments/scale
    add({ resource: name, namespaced: r.namespaced === true, group, version, kind: String(r.kind), verbs: asStrings(r.verbs) });
  }
}

export function statusMessage(response: ApiResponse): string {
  try {
    const status = JSON.parse(response.body.toString('utf8')) as Json;
    return typeof status.message === 'string' && status.message !== '' ? `: ${status.message}` : '';
  } catch {
    return '';
  }
}

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === 'object') as Json[]) : [];
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
