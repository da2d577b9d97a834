// The real OpenAPI v3 documents of Kubernetes 1.33 (test/fixtures/openapi/1.33,
// kept unchanged with their notice), served as they are for the built-in
// group-versions, as kube-apiserver serves its own. Read from disk on first
// use, once per server.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCUMENTS_DIR = fileURLToPath(new URL('../../fixtures/openapi/1.33/', import.meta.url));
const FILE = /^(.+)_openapi\.json$/;

/** `api__v1_openapi.json` is served at /openapi/v3/api/v1, `apis__apps__v1_openapi.json` at /openapi/v3/apis/apps/v1. */
function gvPathOf(file: string): string | undefined {
  const match = FILE.exec(file);
  return match ? (match[1] as string).split('__').join('/') : undefined;
}

export class BuiltinOpenApiDocuments {
  private files: Map<string, string> | undefined;
  private readonly bytes = new Map<string, Buffer>();
  private readonly parsed = new Map<string, Record<string, unknown>>();

  private list(): Map<string, string> {
    this.files ??= new Map(
      readdirSync(DOCUMENTS_DIR).flatMap((file) => {
        const gvPath = gvPathOf(file);
        return gvPath ? [[gvPath, file] as const] : [];
      }),
    );
    return this.files;
  }

  has(gvPath: string): boolean {
    return this.list().has(gvPath);
  }

  /** The document's bytes, exactly as published. */
  bytesOf(gvPath: string): Buffer | undefined {
    const file = this.list().get(gvPath);
    if (file === undefined) return undefined;
    let bytes = this.bytes.get(gvPath);
    if (!bytes) {
      bytes = readFileSync(DOCUMENTS_DIR + file);
      this.bytes.set(gvPath, bytes);
    }
    return bytes;
  }

  /** The components (schemas) of a document, parsed once. */
  schemasOf(gvPath: string): Record<string, unknown> {
    let doc = this.parsed.get(gvPath);
    if (!doc) {
      const bytes = this.bytesOf(gvPath);
      if (!bytes) throw new Error(`no built-in OpenAPI document for ${gvPath}`);
      doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      this.parsed.set(gvPath, doc);
    }
    return ((doc.components as Record<string, unknown> | undefined)?.schemas ?? {}) as Record<string, unknown>;
  }
}
