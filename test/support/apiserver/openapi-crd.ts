// The OpenAPI v3 document of a group-version served by CRDs, built as
// kube-apiserver's CRD OpenAPI builder builds it: each kind's structural
// schema (int-or-string unfolded, embedded resources given apiVersion, kind
// and metadata), `metadata` referring to ObjectMeta, apiVersion and kind
// described, `x-kubernetes-group-version-kind`, a List schema, the REST paths
// with their parameters, and the meta/v1 types they refer to (taken from the
// real built-in documents).
import { cloneJson } from './json.js';
import { isObject, type ResourceType } from './types.js';

type Json = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const REF = '#/components/schemas/';
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';
const API_VERSION = {
  description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  type: 'string',
};
const KIND = {
  description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  type: 'string',
};
const METADATA_DESCRIPTION = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** `cert-manager.io`, `v1`, `Certificate` -> `io.cert-manager.v1.Certificate`, as the server names a CRD's schema. */
export function crdSchemaName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

function ref(name: string, description?: string): Json {
  return { $ref: REF + name, ...(description ? { description } : {}) };
}

// The server publishes the schema unfolded: int-or-string gains its anyOf, and
// embedded resources gain the TypeMeta and ObjectMeta properties they imply.
function unfold(schema: Json): Json {
  const out: Json = { ...schema };
  if (out['x-kubernetes-int-or-string'] === true && out.anyOf === undefined && out.allOf === undefined) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, isObject(v) ? unfold(v) : v]));
  }
  if (isObject(out.items)) out.items = unfold(out.items);
  if (isObject(out.additionalProperties)) out.additionalProperties = unfold(out.additionalProperties);
  if (out['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...(isObject(out.properties) ? out.properties : {}), apiVersion: API_VERSION, kind: KIND, metadata: ref(`${META}.ObjectMeta`, METADATA_DESCRIPTION) };
    const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
    out.required = [...required, ...['kind', 'apiVersion'].filter((r) => !required.has(r))];
  }
  return out;
}

function kindSchema(type: ResourceType): Json {
  const gvk = [{ group: type.group, version: type.version, kind: type.kind }];
  if (!type.schema) return { type: 'object', 'x-kubernetes-group-version-kind': gvk };
  const schema = unfold(cloneJson(type.schema));
  schema.properties = {
    ...(isObject(schema.properties) ? schema.properties : {}),
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: ref(`${META}.ObjectMeta`, METADATA_DESCRIPTION),
  };
  return { ...schema, 'x-kubernetes-group-version-kind': gvk };
}

function listSchema(type: ResourceType, itemName: string): Json {
  return {
    description: `${type.listKind} is a list of ${type.kind}`,
    properties: {
      apiVersion: API_VERSION,
      items: { description: `List of ${type.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, items: ref(itemName), type: 'array' },
      kind: KIND,
      metadata: ref(`${META}.ListMeta`, 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'),
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: type.group, version: type.version, kind: type.listKind }],
  };
}

const QUERY: Record<string, string[]> = {
  get: [],
  list: ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'],
  deletecollection: ['continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'labelSelector', 'limit', 'propagationPolicy', 'resourceVersion', 'timeoutSeconds'],
  post: ['dryRun', 'fieldManager', 'fieldValidation'],
  put: ['dryRun', 'fieldManager', 'fieldValidation'],
  patch: ['dryRun', 'fieldManager', 'fieldValidation', 'force'],
  delete: ['dryRun', 'gracePeriodSeconds', 'propagationPolicy'],
};
const BOOLEAN_PARAMS = new Set(['allowWatchBookmarks', 'force', 'sendInitialEvents', 'watch']);
const INTEGER_PARAMS = new Set(['gracePeriodSeconds', 'limit', 'timeoutSeconds']);
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];

function operation(type: ResourceType, action: string, id: string, schemaName: string, requestSchema?: string): Json {
  const content = { 'application/json': { schema: ref(schemaName) }, 'application/yaml': { schema: ref(schemaName) } };
  const bodyTypes = action === 'patch' ? PATCH_TYPES : ['application/json', 'application/yaml'];
  return {
    operationId: id,
    parameters: (QUERY[action] ?? []).map((name) => ({
      in: 'query',
      name,
      schema: { type: BOOLEAN_PARAMS.has(name) ? 'boolean' : INTEGER_PARAMS.has(name) ? 'integer' : 'string', uniqueItems: true },
    })),
    ...(requestSchema ? { requestBody: { content: Object.fromEntries(bodyTypes.map((t) => [t, { schema: ref(requestSchema) }])), required: true } } : {}),
    responses: { '200': { description: 'OK', content }, '401': { description: 'Unauthorized' } },
    tags: [`${type.group.split('.')[0]}${type.version}`],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
  };
}

const PATH_PARAMS = {
  namespace: { description: 'object name and auth scope, such as for teams and projects', in: 'path', name: 'namespace', required: true, schema: { type: 'string', uniqueItems: true } },
  pretty: { description: "If 'true', then the output is pretty printed.", in: 'query', name: 'pretty', schema: { type: 'string', uniqueItems: true } },
};

function paths(type: ResourceType, kindName: string, listName: string): Json {
  const ns = type.namespaced ? 'Namespaced' : '';
  const root = `/apis/${type.group}/${type.version}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.resource}`;
  const name = { description: `name of the ${type.kind}`, in: 'path', name: 'name', required: true, schema: { type: 'string', uniqueItems: true } };
  const common = type.namespaced ? [PATH_PARAMS.namespace, PATH_PARAMS.pretty] : [PATH_PARAMS.pretty];
  const out: Json = {
    [root]: {
      get: operation(type, 'list', `list${ns}${type.kind}`, listName),
      post: operation(type, 'post', `create${ns}${type.kind}`, kindName, kindName),
      delete: operation(type, 'deletecollection', `deletecollection${ns}${type.kind}`, `${META}.Status`),
      parameters: common,
    },
    [`${root}/{name}`]: {
      get: operation(type, 'get', `read${ns}${type.kind}`, kindName),
      put: operation(type, 'put', `replace${ns}${type.kind}`, kindName, kindName),
      patch: operation(type, 'patch', `patch${ns}${type.kind}`, kindName, `${META}.Patch`),
      delete: operation(type, 'delete', `delete${ns}${type.kind}`, `${META}.Status`, `${META}.DeleteOptions`),
      parameters: [name, ...common],
    },
  };
  if (type.namespaced) {
    out[`/apis/${type.group}/${type.version}/${type.resource}`] = { get: operation(type, 'list', `list${type.kind}ForAllNamespaces`, listName), parameters: [PATH_PARAMS.pretty] };
  }
  for (const sub of type.subresources) {
    const schemaName = sub === 'scale' ? SCALE : kindName;
    const Sub = sub === 'scale' ? 'Scale' : 'Status';
    out[`${root}/{name}/${sub}`] = {
      get: operation(type, 'get', `read${ns}${type.kind}${Sub}`, schemaName),
      put: operation(type, 'put', `replace${ns}${type.kind}${Sub}`, schemaName, schemaName),
      patch: operation(type, 'patch', `patch${ns}${type.kind}${Sub}`, schemaName, `${META}.Patch`),
      parameters: [name, ...common],
    };
  }
  return out;
}

/** The schemas `names` refer to, transitively, from a real document's components. */
function referenced(names: string[], builtin: Record<string, unknown>): Json {
  const out: Json = {};
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (name in out || !(name in builtin)) continue;
    out[name] = builtin[name];
    for (const match of JSON.stringify(builtin[name]).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) queue.push(match[1] as string);
  }
  return out;
}

/** The document for the CRD-served kinds of one group-version; `builtin` holds real meta/v1 (and autoscaling/v1 Scale) schemas. */
export function crdOpenApiDocument(types: readonly ResourceType[], builtin: Record<string, unknown>): Json {
  const schemas: Json = {};
  let allPaths: Json = {};
  for (const type of types) {
    const kindName = crdSchemaName(type.group, type.version, type.kind);
    const listName = crdSchemaName(type.group, type.version, type.listKind);
    schemas[kindName] = kindSchema(type);
    schemas[listName] = listSchema(type, kindName);
    allPaths = { ...allPaths, ...paths(type, kindName, listName) };
  }
  const metaNames = [`${META}.ObjectMeta`, `${META}.ListMeta`, `${META}.Status`, `${META}.DeleteOptions`, `${META}.Patch`];
  if (types.some((t) => t.subresources.includes('scale'))) metaNames.push(SCALE);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' },
    paths: allPaths,
    components: {
      schemas: { ...referenced(metaNames, builtin), ...schemas },
      securitySchemes: { BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' } },
    },
  };
}
