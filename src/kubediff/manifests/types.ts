// What the manifest loader hands to the checker: objects with where they came
// from, and per-document errors and notices as values (never thrown).
import type { CheckError, SourceLocation } from '../result.js';

export interface ManifestObject {
  /** The object as kubectl would send it (YAML 1.1 scalars resolved, merge keys applied). */
  readonly object: Record<string, unknown>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The manifest's own metadata.namespace, when it sets one. */
  readonly namespace?: string;
  readonly source: SourceLocation;
}

export interface ManifestSet {
  readonly objects: readonly ManifestObject[];
  readonly errors: readonly CheckError[];
  readonly notices: readonly string[];
  /** How many files were read. */
  readonly files: number;
}

/** A CheckError of kind 'manifest' for one file (and document, when known). */
export function manifestError(file: string, document: number | undefined, message: string, line?: number): CheckError {
  return {
    kind: 'manifest',
    message,
    file,
    ...(document === undefined ? {} : { document }),
    ...(line === undefined ? {} : { line }),
  };
}
