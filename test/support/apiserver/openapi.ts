// Small /openapi/v3 documents: one per group-version, listing each resource's
// operations with `x-kubernetes-group-version-kind` and the `fieldValidation`
// parameter. That is what kubectl reads to let the server validate `create -f`
// and `apply -f`. PATCH bodies do not offer strategic merge patch here, so
// kubectl computes those patches from its built-in Go types (as it does against
// servers without full schemas), and uses JSON merge patch for custom resources.
import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './registry.js';
import type { ResourceType } from './types.js';

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
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

export function openApiDocument(registry: ResourceRegistry, group: string, version: string): unknown | undefined {
  const types = registry.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const type of types) {
    const base = `/${gvPath(group, version)}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.resource}`;
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
      ...(type.custom ? { 'x-kubernetes-preserve-unknown-fields': true } : {}),
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1' }, paths, components: { schemas } };
}

/** The /openapi/v3 index: a URL per group-version, with a content hash kubectl caches by. */
export function openApiIndex(registry: ResourceRegistry): unknown {
  const paths: Record<string, unknown> = {};
  const groupVersions = [{ group: '', version: 'v1' }, ...registry.groups().flatMap((g) => g.versions.map((version) => ({ group: g.name, version })))];
  for (const { group, version } of groupVersions) {
    const document = JSON.stringify(openApiDocument(registry, group, version) ?? {});
    const hash = createHash('sha512').update(document).digest('hex').slice(0, 64).toUpperCase();
    paths[gvPath(group, version)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}` };
  }
  return { paths };
}
