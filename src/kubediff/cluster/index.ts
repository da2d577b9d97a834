// The cluster access layer: kubeconfig resolution like kubectl, discovery, and
// raw-JSON fetching of live objects with few requests.
export { loadClusterConfig } from './kubeconfig.js';
export type { ClusterConfig, LoadClusterConfigOptions } from './kubeconfig.js';
export { createClusterReader } from './reader.js';
export type { ClusterReader, ClusterReaderOptions, OpenApiResponse } from './reader.js';
export type { Discovery, ResourceInfo } from './discovery.js';
export type { FetchResult } from './fetch.js';
export { objectKey, groupOf } from './object-key.js';
export { ExecCredentialCache } from './exec-cache.js';
export type { ExecOptions } from './credentials.js';
