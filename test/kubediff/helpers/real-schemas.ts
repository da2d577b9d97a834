// The real Kubernetes 1.33 OpenAPI v3 documents (test/fixtures/openapi/1.33),
// parsed once per test process, as a KindSchemas lookup: what a 1.33 cluster
// would give the checker for the built-in kinds.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { indexKey, OpenApiDocument, type KindSchemas } from '../../../src/kubediff/schema/index.js';

const DIR = fileURLToPath(new URL('../../fixtures/openapi/1.33/', import.meta.url));
let documents: Map<string, OpenApiDocument> | undefined;

function load(): Map<string, OpenApiDocument> {
  documents ??= new Map(
    readdirSync(DIR)
      .filter((file) => file.endsWith('_openapi.json'))
      .map((file) => [file.replace(/_openapi\.json$/, '').split('__').join('/'), new OpenApiDocument(JSON.parse(readFileSync(DIR + file, 'utf8')))] as const),
  );
  return documents;
}

export const realSchemas: KindSchemas = {
  forKind(apiVersion, kind) {
    const slash = apiVersion.indexOf('/');
    const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
    return load().get(indexKey(apiVersion))?.forKind(group, version, kind);
  },
};
