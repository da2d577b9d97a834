// Schema-aware comparison's source: the cluster's OpenAPI v3 schemas, read
// only for the group-versions git uses, cached between runs by their hash,
// and compiled into nodes the compare walk asks about lists, quantities,
// defaults and pruned fields.
export { createSchemaCache, DEFAULT_MAX_DOCUMENTS } from './cache.js';
export type { SchemaCache } from './cache.js';
export { loadSchemas, indexKey } from './load.js';
export type { KindSchemas, SchemaLoad } from './load.js';
export { OpenApiDocument } from './document.js';
export { SchemaNode } from './node.js';
export type { ListKey, ListType } from './node.js';
