// Reads the cluster's OpenAPI v3 schemas for the group-versions git's objects
// use, and only those: GET /openapi/v3 (the index), then each needed
// document, unless the cache holds it under the same hash. Schemas are an
// aid: when they cannot be read (403, a server before OpenAPI v3, a timeout)
// the run says so once and compares with the built-in rules; it is never an
// error for the objects.
import { ClusterError } from '../../errors.js';
import type { ClusterReader, OpenApiResponse } from '../cluster/index.js';
import type { SchemaUse } from '../result.js';
import { createSchemaCache, isContentAddressed, schemaCacheKey, type SchemaCache } from './cache.js';
import { OpenApiDocument } from './document.js';
import type { SchemaNode } from './node.js';

export interface KindSchemas {
  /** The schema of a kind, or undefined when the cluster gave none for it. */
  forKind(apiVersion: string, kind: string): SchemaNode | undefined;
}

export interface SchemaLoad {
  readonly schemas: KindSchemas;
  /** At most two: schemas unavailable, or some group-versions without one. */
  readonly notices: readonly string[];
  readonly use: SchemaUse;
}

const INDEX_PATH = '/openapi/v3';
const FALLBACK = 'list types, quantities, defaults and pruned fields are judged by the built-in rules';

type Reader = Pick<ClusterReader, 'server' | 'readOpenApi'>;

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `v1` -> `api/v1`, `apps/v1` -> `apis/apps/v1`: the index's keys. */
export function indexKey(apiVersion: string): string {
  return apiVersion.includes('/') ? `apis/${apiVersion}` : `api/${apiVersion}`;
}

function statusMessage(body: Buffer): string {
  try {
    const status = JSON.parse(body.toString('utf8')) as { message?: unknown };
    return typeof status.message === 'string' && status.message !== '' ? `: ${status.message.slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

function whyUnavailable(response: OpenApiResponse): string {
  if (response.status === 404) return 'the API server does not serve OpenAPI v3 (HTTP 404 on /openapi/v3; Kubernetes serves it from 1.24)';
  if (response.status === 401 || response.status === 403) {
    return `reading /openapi/v3 is not allowed (HTTP ${response.status}${statusMessage(response.body)}; the system:discovery role grants it to every authenticated user)`;
  }
  return `/openapi/v3 answered HTTP ${response.status}${statusMessage(response.body)}`;
}

function parseJson(body: Buffer): unknown {
  return JSON.parse(body.toString('utf8')) as unknown;
}

/** The index's document URL per group-version; only server paths under /openapi/v3/ are followed. */
function parseIndex(body: Buffer): Map<string, string> {
  const index = parseJson(body) as { paths?: unknown } | null;
  const paths = index?.paths;
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths)) throw new Error('the answer has no "paths"');
  const urls = new Map<string, string>();
  for (const [key, entry] of Object.entries(paths as Record<string, unknown>)) {
    const url = (entry as { serverRelativeURL?: unknown } | null)?.serverRelativeURL;
    if (typeof url === 'string' && url.startsWith(`${INDEX_PATH}/`)) urls.set(key, url);
  }
  return urls;
}

/** A cancelled run or a passed deadline stops the run; any other failure only costs the schemas. */
function rethrowIfStopped(error: unknown, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw error;
  if (error instanceof ClusterError && (error.reason === 'aborted' || error.reason === 'deadline')) throw error;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NONE: KindSchemas = { forKind: () => undefined };

/**
 * Loads the schemas of `apiVersions`. `cache` keeps documents between runs
 * (a sidecar's task holds one); without it they are used for this run only.
 */
export async function loadSchemas(reader: Reader, apiVersions: readonly string[], cache: SchemaCache = createSchemaCache(), signal?: AbortSignal): Promise<SchemaLoad> {
  const wanted = [...new Set(apiVersions)].sort();
  const unused: SchemaUse = { state: 'unavailable', groupVersions: 0, fetched: 0, cached: 0, missing: wanted };
  if (wanted.length === 0) return { schemas: NONE, notices: [], use: { ...unused, state: 'used' } };

  let urls: Map<string, string>;
  try {
    const response = await reader.readOpenApi(INDEX_PATH);
    if (response.status !== 200) return { schemas: NONE, notices: [`${whyUnavailable(response)}: ${FALLBACK}`], use: unused };
    urls = parseIndex(response.body);
  } catch (error) {
    rethrowIfStopped(error, signal);
    const why = error instanceof ClusterError ? describe(error) : `/openapi/v3 is not an OpenAPI v3 index (${describe(error)})`;
    return { schemas: NONE, notices: [`the cluster's OpenAPI v3 schemas could not be read: ${why}: ${FALLBACK}`], use: unused };
  }

  const documents = new Map<string, OpenApiDocument>();
  const missing: string[] = [];
  const failures: string[] = [];
  let fetched = 0;
  let cached = 0;
  await Promise.all(
    wanted.map(async (apiVersion) => {
      const url = urls.get(indexKey(apiVersion));
      if (url === undefined) {
        missing.push(apiVersion);
        return;
      }
      const key = schemaCacheKey(reader.server, url);
      const kept = isContentAddressed(url) ? cache.get(key) : undefined;
      if (kept) {
        documents.set(apiVersion, kept);
        cached++;
        return;
      }
      try {
        const { document, finalUrl } = await fetchDocument(reader, url);
        documents.set(apiVersion, document);
        fetched++;
        if (isContentAddressed(finalUrl)) cache.set(schemaCacheKey(reader.server, finalUrl), document);
      } catch (error) {
        rethrowIfStopped(error, signal);
        missing.push(apiVersion);
        failures.push(`${apiVersion} (${describe(error)})`);
      }
    }),
  );
  missing.sort();
  failures.sort();
  const notices: string[] = [];
  const unlisted = missing.filter((gv) => !failures.some((f) => f.startsWith(`${gv} (`)));
  if (failures.length > 0) notices.push(`the OpenAPI v3 schemas of ${failures.join(', ')} could not be read: for their objects ${FALLBACK}`);
  if (unlisted.length > 0) notices.push(`the cluster publishes no OpenAPI v3 schema for ${unlisted.join(', ')}: for their objects ${FALLBACK}`);
  return {
    schemas: {
      forKind(apiVersion, kind) {
        const { group, version } = splitApiVersion(apiVersion);
        return documents.get(apiVersion)?.forKind(group, version, kind);
      },
    },
    notices,
    use: { state: 'used', groupVersions: documents.size, fetched, cached, missing },
  };
}

/** GETs a document, following one redirect to its current hash (the index may be a moment older than the document). */
async function fetchDocument(reader: Reader, url: string): Promise<{ document: OpenApiDocument; finalUrl: string }> {
  let finalUrl = url;
  let response = await reader.readOpenApi(url);
  if (response.status >= 300 && response.status < 400 && response.location?.startsWith(`${INDEX_PATH}/`)) {
    finalUrl = response.location;
    response = await reader.readOpenApi(finalUrl);
  }
  if (response.status !== 200) throw new Error(`HTTP ${response.status}${statusMessage(response.body)}`);
  try {
    return { document: new OpenApiDocument(parseJson(response.body)), finalUrl };
  } catch (error) {
    throw new Error(`not an OpenAPI v3 document: ${describe(error)}`);
  }
}
