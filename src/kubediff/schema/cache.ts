// Parsed OpenAPI v3 documents kept between the runs of a sidecar, keyed by
// the server and the document's URL, which carries the hash of its content
// (`/openapi/v3/apis/apps/v1?hash=...`): a document is fetched again only when
// the index gives another hash. Documents a run did not use are forgotten at
// its end, so the cache holds at most what the manifests need.
import type { OpenApiDocument } from './document.js';

export interface SchemaCache {
  /** The document kept for this key, marking it used by the current run. */
  get(key: string): OpenApiDocument | undefined;
  set(key: string, document: OpenApiDocument): void;
  /** Ends a run: documents it did not use are dropped. */
  endRun(): void;
  readonly size: number;
}

/** At most this many documents (a large cluster serves about a hundred group-versions). */
export const DEFAULT_MAX_DOCUMENTS = 256;

/** Only a URL that names its content's hash can be reused in a later run. */
export function isContentAddressed(url: string): boolean {
  return /[?&]hash=[^&]+/.test(url);
}

export function schemaCacheKey(server: string, url: string): string {
  return `${server}\u0000${url}`;
}

export function createSchemaCache(maxDocuments = DEFAULT_MAX_DOCUMENTS): SchemaCache {
  const documents = new Map<string, OpenApiDocument>();
  const used = new Set<string>();
  return {
    get(key) {
      const document = documents.get(key);
      if (document) used.add(key);
      return document;
    },
    set(key, document) {
      documents.delete(key);
      documents.set(key, document);
      used.add(key);
      // Map order is insertion order: the oldest go first.
      for (const oldest of documents.keys()) {
        if (documents.size <= maxDocuments) break;
        documents.delete(oldest);
        used.delete(oldest);
      }
    },
    endRun() {
      for (const key of [...documents.keys()]) if (!used.has(key)) documents.delete(key);
      used.clear();
    },
    get size() {
      return documents.size;
    },
  };
}
