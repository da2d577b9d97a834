// GET and LIST: one object, or a page of a list filtered by label and field
// selectors, with continue tokens that can be made to expire.
import { convertTo } from './conversion.js';
import { ResourceRegistry } from './registry.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { ServerState } from './state.js';
import { badRequest, expiredContinue, notFound } from './status.js';
import { groupVersion, type KubeObject, type ResourceType } from './types.js';

interface ContinueToken {
  rv: number;
  start: string;
  epoch: number;
  /** When the token was issued (ms since the epoch). */
  issued: number;
}

/** The object as served at the requested version (custom resources are stored for all versions). */
export function asServed(type: ResourceType, obj: KubeObject): KubeObject {
  return convertTo(type, obj);
}

export function getObject(state: ServerState, type: ResourceType, namespace: string, name: string): KubeObject {
  const obj = state.store.get(ResourceRegistry.storageKey(type), type.namespaced ? namespace : '', name);
  if (!obj) throw notFound(type, name);
  return asServed(type, obj);
}

function keyOf(obj: KubeObject): string {
  const metadata = obj.metadata as KubeObject;
  return `${String(metadata.namespace ?? '')}/${String(metadata.name)}`;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', ...token })).toString('base64');
}

function decodeContinue(state: ServerState, text: string): ContinueToken {
  let token: ContinueToken;
  try {
    token = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as ContinueToken;
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof token.start !== 'string' || typeof token.rv !== 'number') throw badRequest('continue key is not valid');
  if (token.epoch < state.continueEpoch) throw expiredContinue();
  const ttl = state.continueTokenTtlMs;
  if (ttl !== undefined && state.now().getTime() - token.issued > ttl) throw expiredContinue();
  return token;
}

/** Objects matching the request's selectors, in key order; all namespaces when namespace is ''. */
export function matchingObjects(state: ServerState, type: ResourceType, namespace: string, query: URLSearchParams): KubeObject[] {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const all = state.store.list(ResourceRegistry.storageKey(type), type.namespaced && namespace ? namespace : undefined);
  return all.filter((obj) => labels(obj) && fields(obj));
}

/** Built-in lists carry no apiVersion/kind on their items (custom resource lists do), like a real server. */
function listItem(type: ResourceType, obj: KubeObject): KubeObject {
  if (type.custom) return asServed(type, obj);
  const { apiVersion: _a, kind: _k, ...rest } = asServed(type, obj);
  return rest;
}

export function listObjects(state: ServerState, type: ResourceType, namespace: string, query: URLSearchParams): KubeObject {
  let items = matchingObjects(state, type, namespace, query);
  let listRevision = state.store.currentRevision();
  const continueText = query.get('continue');
  if (continueText) {
    const token = decodeContinue(state, continueText);
    listRevision = token.rv;
    items = items.filter((obj) => keyOf(obj) > token.start);
  }
  const limit = Number(query.get('limit') ?? 0);
  const metadata: KubeObject = { resourceVersion: String(listRevision) };
  // resourceVersion=0 is served from the watch cache, which ignores limit.
  if (limit > 0 && query.get('resourceVersion') !== '0' && items.length > limit) {
    const page = items.slice(0, limit);
    metadata.continue = encodeContinue({ rv: listRevision, start: keyOf(page[page.length - 1] as KubeObject), epoch: state.continueEpoch, issued: state.now().getTime() });
    metadata.remainingItemCount = items.length - limit;
    items = page;
  }
  return {
    kind: type.listKind,
    apiVersion: groupVersion(type),
    metadata,
    items: items.map((obj) => listItem(type, obj)),
  };
}
