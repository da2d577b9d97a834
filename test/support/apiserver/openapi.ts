// /openapi/v3 as kube-apiserver serves it: an index with one URL per served
// group-version carrying the document's hash (SHA-512 of its bytes, upper-case
// hex), and the documents themselves: the real Kubernetes 1.33 documents for
// built-in group-versions (openapi-builtin.ts), documents built from the CRDs'
// schemas for custom ones (openapi-crd.ts), and a small generated document for
// a served built-in group-version that has no real one here. A URL whose hash
// is not the current one is redirected (301) to the current one; a URL with
// the current hash may be cached forever (Cache-Control: public, immutable).
import { createHash } from 'node:crypto';
import { BuiltinOpenApiDocuments } from './openapi-builtin.js';
import { crdOpenApiDocument } from './openapi-crd.js';
import type { ResourceRegistry } from './registry.js';
import type { ResourceType } from './types.js';

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
/** The built-in document whose components hold every meta/v1 type a CRD document refers to (and autoscaling/v1 Scale). */
const META_SOURCE = 'apis/apps/v1';

export interface OpenApiResponse {
  code: number;
  body: Buffer | string;
  contentType: string;
  headers: Record<string, string>;
}

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

// The built-in documents are the same Buffers on every request: hash each once.
const hashes = new WeakMap<Buffer, string>();

function hashOf(bytes: Buffer): string {
  let hash = hashes.get(bytes);
  if (hash === undefined) {
    hash = createHash('sha512').update(bytes).digest('hex').toUpperCase();
    hashes.set(bytes, hash);
  }
  return hash;
}

function operation(type: ResourceType, action: string, body: string[] | undefined): Record<string, unknown> {
  const schema = { $ref: `#/components/schemas/${type.kind}` };
  return {
    operationId: `${action}${type.kind}`,
    parameters: QUERY_PARAMS.map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } })),
    ...(body ? { requestBody: { content: Object.fromEntries(body.map((mediaType) => [mediaType, { schema }])), required: true } } : {}),
    responses: { '200': { description: 'OK', content: { 'application/json': { schema } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
  };
}

/** A small document for built-in kinds without a real one here (SelfSubjectAccessReview): operations and GVKs, no fields. */
function generatedDocument(types: readonly ResourceType[]): unknown {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const type of types) {
    const base = `/${gvPath(type.group, type.version)}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.resource}`;
    paths[base] = { get: operation(type, 'list', undefined), post: operation(type, 'post', ['application/json']) };
    paths[`${base}/{name}`] = {
      get: operation(type, 'get', undefined),
      put: operation(type, 'put', ['application/json']),
      patch: operation(type, 'patch', PATCH_TYPES),
      delete: operation(type, 'delete', undefined),
    };
    schemas[type.kind] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: type.group, version: type.version, kind: type.kind }],
      'x-kubernetes-preserve-unknown-fields': true,
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1' }, paths, components: { schemas } };
}

export class OpenApiV3 {
  private readonly builtin = new BuiltinOpenApiDocuments();

  constructor(private readonly registry: ResourceRegistry) {}

  private groupVersions(): Array<{ group: string; version: string }> {
    return [{ group: '', version: 'v1' }, ...this.registry.groups().flatMap((g) => g.versions.map((version) => ({ group: g.name, version })))];
  }

  /** The document's bytes as served now; undefined when the group-version is not served. */
  documentBytes(group: string, version: string): Buffer | undefined {
    const types = this.registry.inGroupVersion(group, version);
    if (types.length === 0) return undefined;
    const path = gvPath(group, version);
    const custom = types.filter((t) => t.custom);
    if (custom.length > 0) return Buffer.from(JSON.stringify(crdOpenApiDocument(custom, this.builtin.schemasOf(META_SOURCE))));
    return this.builtin.bytesOf(path) ?? Buffer.from(JSON.stringify(generatedDocument(types)));
  }

  index(): unknown {
    const paths: Record<string, unknown> = {};
    for (const { group, version } of this.groupVersions()) {
      const bytes = this.documentBytes(group, version);
      if (bytes) paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hashOf(bytes)}` };
    }
    return { paths };
  }

  /** GET /openapi/v3/<gvPath>[?hash=]: the document, a redirect to its current hash, or 304 for a matching If-None-Match. */
  serve(group: string, version: string, query: URLSearchParams, ifNoneMatch: string | undefined, accept: string | undefined): OpenApiResponse | undefined {
    const bytes = this.documentBytes(group, version);
    if (!bytes) return undefined;
    if (accept && !/(^|,)\s*(application\/json|application\/\*|\*\/\*)/.test(accept)) {
      return { code: 406, body: '', contentType: 'text/plain', headers: {} };
    }
    const etag = hashOf(bytes);
    const headers: Record<string, string> = { ETag: `"${etag}"`, Vary: 'Accept' };
    const hash = query.get('hash');
    if (hash) {
      if (hash !== etag) {
        const location = `/openapi/v3/${gvPath(group, version)}?hash=${etag}`;
        return { code: 301, body: `<a href="${location}">Moved Permanently</a>.\n`, contentType: 'text/html; charset=utf-8', headers: { ...headers, Location: location } };
      }
      headers['Cache-Control'] = 'public, immutable';
      headers.Expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
    }
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === `"${etag}"`)) {
      return { code: 304, body: '', contentType: 'application/json', headers };
    }
    return { code: 200, body: bytes, contentType: 'application/json', headers };
  }
}
