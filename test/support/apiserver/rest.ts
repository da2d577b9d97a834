// Resource requests: finds the resource type, then runs the verb
// (get, list, create, update, patch, delete, deletecollection, subresources).
import type { ServerResponse } from 'node:http';
import { reviewAccess, type Authorizer } from './access-review.js';
import type { Identity } from './auth.js';
import { patchObject } from './patch.js';
import { asServed, getObject, listObjects, matchingObjects } from './reads.js';
import { serverSideApply } from './server-side-apply.js';
import type { RequestInfo } from './request-info.js';
import { getScale, patchScale, updateScale } from './scale.js';
import type { ServerState } from './state.js';
import { badRequest, methodNotAllowed, notFound, notFoundPath } from './status.js';
import { isObject, type KubeObject, type ResourceType } from './types.js';
import { toTable } from './tables.js';
import { startWatch } from './watch.js';
import { createObject, deleteObject, updateObject } from './writes.js';

export interface RestRequest {
  info: RequestInfo;
  query: URLSearchParams;
  body: unknown;
  contentType: string;
  /** The field manager for managedFields (?fieldManager= or the User-Agent's program). */
  manager: string;
  /** The client asked for a meta.k8s.io Table (kubectl get). */
  table: boolean;
  identity: Identity;
  authorize: Authorizer;
  signal: AbortSignal;
}

export type RestResult = { code: number; body: unknown; headers?: Record<string, string | string[]> } | { streaming: true };

/** Warnings (unknown fields dropped) go out as `Warning: 299 - "..."` headers, as the real server sends them. */
function withWarnings(result: { code: number; body: unknown }, warnings: readonly string[]): RestResult {
  if (warnings.length === 0) return result;
  return { ...result, headers: { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } };
}

function requireBody(body: unknown): KubeObject {
  if (!isObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}

export function resourceType(state: ServerState, info: RequestInfo): ResourceType {
  const type = state.registry.find(info.group, info.version, info.resource);
  if (!type) throw notFoundPath();
  return type;
}

export function handleResource(state: ServerState, request: RestRequest, res: ServerResponse): RestResult {
  const { info, query } = request;
  const type = resourceType(state, info);
  if (info.subresource === 'scale' && type.subresources.includes('scale')) return handleScale(state, type, request);
  if (type.kind === 'SelfSubjectAccessReview') {
    if (info.verb !== 'create') throw methodNotAllowed();
    return { code: 201, body: reviewAccess(request.body, request.identity, request.authorize) };
  }
  if (info.subresource && !(info.subresource === 'status' && type.subresources.includes('status'))) throw notFoundPath();
  const ns = type.namespaced ? info.namespace : '';
  const warnings: string[] = [];
  const fieldValidation = query.get('fieldValidation') ?? undefined;
  const write = { manager: request.manager, dryRun: query.get('dryRun') === 'All', fieldValidation, warnings };
  if (type.namespaced === false && info.namespace && info.resource !== 'namespaces') throw notFoundPath();

  switch (info.verb) {
    case 'get': {
      const obj = getObject(state, type, ns, info.name);
      return { code: 200, body: request.table ? toTable(type, [obj], state.now(), { resourceVersion: (obj.metadata as KubeObject).resourceVersion }) : obj };
    }
    case 'list': {
      const list = listObjects(state, type, ns, query);
      return { code: 200, body: request.table ? toTable(type, list.items as KubeObject[], state.now(), list.metadata as KubeObject) : list };
    }
    case 'watch':
      startWatch(state, type, ns, query, res, request.signal, request.table);
      return { streaming: true };
    case 'create':
      if (info.name) throw methodNotAllowed();
      return withWarnings({ code: 201, body: asServed(type, createObject(state, type, requireBody(request.body), ns || undefined, write)) }, warnings);
    case 'update':
      return withWarnings({ code: 200, body: asServed(type, updateObject(state, type, ns, info.name, requireBody(request.body), info.subresource, write)) }, warnings);
    case 'patch': {
      if (request.contentType.startsWith('application/apply-patch+yaml') && !info.subresource) {
        const applied = serverSideApply(state, type, ns, info.name, request.body, query, warnings);
        return withWarnings({ code: applied.code, body: asServed(type, applied.object) }, warnings);
      }
      return withWarnings({ code: 200, body: asServed(type, patchObject(state, type, ns, info.name, request.body, request.contentType, info.subresource, write)) }, warnings);
    }
    case 'delete':
      return { code: 200, body: asServed(type, deleteObject(state, type, ns, info.name, write)) };
    case 'deletecollection': {
      const deleted = matchingObjects(state, type, ns, query).map((obj) => {
        const name = String((obj.metadata as KubeObject).name);
        const namespace = String((obj.metadata as KubeObject).namespace ?? '');
        return deleteObject(state, type, namespace, name);
      });
      const list = listObjects(state, type, ns, new URLSearchParams());
      return { code: 200, body: { ...list, items: deleted.map((obj) => asServed(type, obj)) } };
    }
    default:
      throw methodNotAllowed();
  }
}

function handleScale(state: ServerState, type: ResourceType, request: RestRequest): RestResult {
  const { info } = request;
  if (!info.name) throw notFound(type, '');
  switch (info.verb) {
    case 'get':
      return { code: 200, body: getScale(state, type, info.namespace, info.name) };
    case 'update':
      return { code: 200, body: updateScale(state, type, info.namespace, info.name, requireBody(request.body), request.manager) };
    case 'patch':
      return { code: 200, body: patchScale(state, type, info.namespace, info.name, request.body, request.contentType, request.manager) };
    default:
      throw methodNotAllowed();
  }
}
