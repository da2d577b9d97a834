// Discovery documents: /version, /api, /apis, /api/v1, /apis/{group}[/{version}],
// plain (APIVersions, APIGroupList, APIResourceList) and aggregated
// (apidiscovery.k8s.io/v2 or v2beta1) when the client asks for it in Accept.
import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './registry.js';
import type { ResourceType } from './types.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

export interface DiscoveryResponse {
  body: unknown;
  contentType: string;
}

export function versionInfo(minorVersion: number): Record<string, string> {
  return {
    major: '1',
    minor: String(minorVersion),
    gitVersion: `v1.${minorVersion}.0`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.22.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** The aggregated discovery version the client accepts (v2 preferred), if any. */
export function aggregatedVersionAccepted(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  if (!accept) return undefined;
  const offers = accept.split(',').map((o) => o.replace(/\s+/g, ''));
  for (const offer of offers) {
    if (!offer.includes('g=apidiscovery.k8s.io') || !offer.includes('as=APIGroupDiscoveryList')) continue;
    if (offer.includes('v=v2beta1')) return 'v2beta1';
    if (offer.includes('v=v2')) return 'v2';
  }
  return undefined;
}

function storageVersionHash(type: ResourceType): string {
  return createHash('sha256').update(`${type.group}/${type.version}/${type.kind}`).digest('base64').slice(0, 11) + '=';
}

function apiResources(types: ResourceType[]): unknown[] {
  const resources: unknown[] = [];
  for (const type of types) {
    resources.push({
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs ?? VERBS,
      ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length ? { categories: type.categories } : {}),
      storageVersionHash: storageVersionHash(type),
    });
    for (const sub of type.subresources) {
      resources.push({
        name: `${type.resource}/${sub}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { kind: type.kind }),
        verbs: SUBRESOURCE_VERBS,
      });
    }
  }
  return resources;
}

export function resourceList(registry: ResourceRegistry, group: string, version: string): unknown | undefined {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: apiResources(types) };
}

function groupJson(name: string, versions: string[]): unknown {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroup(registry: ResourceRegistry, name: string): unknown | undefined {
  const group = registry.groups().find((g) => g.name === name);
  return group ? { kind: 'APIGroup', apiVersion: 'v1', ...(groupJson(group.name, group.versions) as object) } : undefined;
}

export function legacyApi(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(registry: ResourceRegistry): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().map((g) => groupJson(g.name, g.versions)) };
}

function discoveryResources(types: ResourceType[]): unknown[] {
  return types.map((type) => ({
    resource: type.resource,
    responseKind: { group: '', version: '', kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: type.verbs ?? VERBS,
    ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length ? { categories: type.categories } : {}),
    ...(type.subresources.length
      ? {
          subresources: type.subresources.map((sub) => ({
            subresource: sub,
            responseKind: sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { group: '', version: '', kind: type.kind },
            verbs: SUBRESOURCE_VERBS,
          })),
        }
      : {}),
  }));
}

function aggregatedList(version: 'v2' | 'v2beta1', items: unknown[]): DiscoveryResponse {
  return {
    contentType: `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
    body: { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items },
  };
}

/** Aggregated `/api`: the core group, which has no name. */
export function aggregatedLegacy(registry: ResourceRegistry, version: 'v2' | 'v2beta1'): DiscoveryResponse {
  const item = {
    metadata: { creationTimestamp: null },
    versions: [{ version: 'v1', resources: discoveryResources(registry.inGroupVersion('', 'v1')), freshness: 'Current' }],
  };
  return aggregatedList(version, [item]);
}

export function aggregatedApis(registry: ResourceRegistry, version: 'v2' | 'v2beta1'): DiscoveryResponse {
  const items = registry.groups().map((group) => ({
    metadata: { name: group.name, creationTimestamp: null },
    versions: group.versions.map((v) => ({
      version: v,
      resources: discoveryResources(registry.inGroupVersion(group.name, v)),
      freshness: 'Current',
    })),
  }));
  return aggregatedList(version, items);
}
