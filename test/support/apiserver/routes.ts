// Routing: discovery, OpenAPI and health paths here, resource paths to rest.ts.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { aggregatedApis, aggregatedLegacy, aggregatedVersionAccepted, apiGroup, apiGroupList, legacyApi, resourceList, versionInfo } from './discovery.js';
import type { OpenApiV3 } from './openapi.js';
import { openApiV2Json, openApiV2Protobuf } from './openapi-v2.js';
import type { RequestInfo } from './request-info.js';
import { handleResource, type RestResult } from './rest.js';
import type { ServerState } from './state.js';
import { methodNotAllowed, notFoundPath } from './status.js';
import { managerName } from './managed-fields.js';
import type { Authorizer } from './access-review.js';
import type { Identity } from './auth.js';
import { wantsTable } from './tables.js';

export interface RouteRequest {
  info: RequestInfo;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  signal: AbortSignal;
  identity: Identity;
  authorize: Authorizer;
}

export interface RouteContext {
  state: ServerState;
  minorVersion: number;
  /** host:port, as discovery reports the server's address. */
  address: string;
  /** /openapi/v3 and its documents. */
  openapi: OpenApiV3;
}

export type RouteResult = RestResult | { code: number; body: unknown; contentType: string; headers?: Record<string, string> };

function discovery(ctx: RouteContext, path: string, accept: string | undefined): RouteResult | undefined {
  const { registry } = ctx.state;
  const aggregated = aggregatedVersionAccepted(accept);
  if (path === '/api') {
    return aggregated ? { code: 200, ...aggregatedLegacy(registry, aggregated) } : { code: 200, body: legacyApi(ctx.address) };
  }
  if (path === '/apis') {
    return aggregated ? { code: 200, ...aggregatedApis(registry, aggregated) } : { code: 200, body: apiGroupList(registry) };
  }
  const core = /^\/api\/([^/]+)$/.exec(path);
  if (core) {
    const body = resourceList(registry, '', core[1] as string);
    return body ? { code: 200, body } : undefined;
  }
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group) {
    const body = apiGroup(registry, group[1] as string);
    return body ? { code: 200, body } : undefined;
  }
  const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (groupVersion) {
    const body = resourceList(registry, groupVersion[1] as string, groupVersion[2] as string);
    return body ? { code: 200, body } : undefined;
  }
  return undefined;
}

function openApi(ctx: RouteContext, path: string, request: RouteRequest): RouteResult | undefined {
  const accept = request.headers.accept;
  if (path === '/openapi/v2') {
    const version = `v1.${ctx.minorVersion}.0`;
    return accept?.includes('protobuf')
      ? { code: 200, body: openApiV2Protobuf(version), contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' }
      : { code: 200, body: openApiV2Json(version) };
  }
  if (path === '/openapi/v3') return { code: 200, body: ctx.openapi.index() };
  const match = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!match) return undefined;
  const [group, version] = match[1] ? ['', match[1]] : [match[2] as string, match[3] as string];
  const ifNoneMatch = request.headers['if-none-match'];
  return ctx.openapi.serve(group, version, request.query, Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch, accept);
}

export function route(ctx: RouteContext, request: RouteRequest, res: ServerResponse): RouteResult {
  const { info } = request;
  const path = info.path.replace(/\/+$/, '') || '/';
  if (info.isResourceRequest && info.resource) {
    return handleResource(ctx.state, { info, query: request.query, body: request.body, contentType: String(request.headers['content-type'] ?? ''), manager: managerName(request.query, request.headers['user-agent']), table: wantsTable(request.headers.accept), signal: request.signal, identity: request.identity, authorize: request.authorize }, res);
  }
  if (info.verb !== 'get' && info.verb !== 'head') throw methodNotAllowed();
  if (path === '/version') return { code: 200, body: versionInfo(ctx.minorVersion) };
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return { code: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' };
  const found = discovery(ctx, path, request.headers.accept) ?? openApi(ctx, path, request);
  if (found) return found;
  throw notFoundPath();
}
