// Turns a parsed document into manifest objects: checks the fields every
// object needs, expands `kind: List` (and `*List`) into its items, and says
// which file, document and line each object or error comes from.
import type { CheckError, SourceBuild } from '../result.js';
import type { ParsedDocument } from './parse.js';
import { manifestError, type ManifestObject } from './types.js';

export interface DocumentObjects {
  readonly objects: ManifestObject[];
  readonly errors: CheckError[];
  readonly notices: string[];
}

/** A document a tool printed: how messages name its source, and which tool. Lines in a tool's output mean nothing to people, so none is kept. */
export interface BuiltDocument {
  /** E.g. `ldap/overlays/prod (kustomize build)`. */
  readonly label: string;
  readonly build: SourceBuild;
}

export function objectsFromDocument(file: string, document: ParsedDocument, built?: BuiltDocument): DocumentObjects {
  const result: DocumentObjects = { objects: [], errors: [], notices: [] };
  const { index } = document;
  const line = built ? undefined : document.line;
  const label = `${built?.label ?? file}, document ${index + 1}`;
  if (document.error !== undefined) {
    result.errors.push(manifestError(file, index, `${label}: cannot be parsed: ${document.error}`, line));
    return result;
  }
  if (document.value === undefined || document.value === null) return result;
  const itemLines = built ? undefined : document.itemLines;
  collect(file, document.value, { index, line, itemLines, label, build: built?.build }, result);
  return result;
}

interface Place {
  readonly index: number;
  readonly line: number | undefined;
  readonly itemLines: readonly (number | undefined)[] | undefined;
  /** How messages name the place for people, counting from 1: `a.yaml, document 2, item 5 of the List`. */
  readonly label: string;
  readonly build: SourceBuild | undefined;
}

function collect(file: string, value: unknown, place: Place, result: DocumentObjects): void {
  const fail = (problem: string) =>
    result.errors.push(manifestError(file, place.index, `${place.label}: ${problem}`, place.line));
  if (!isRecord(value)) {
    fail(`expected an object with apiVersion, kind and metadata, got ${describeType(value)}`);
    return;
  }
  const kind = value.kind;
  const apiVersion = value.apiVersion;
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items)) {
    value.items.forEach((item, i) => {
      collect(file, item, {
        index: place.index,
        line: place.itemLines?.[i] ?? place.line,
        itemLines: undefined,
        label: `${place.label}, item ${i + 1} of the ${kind}`,
        build: place.build,
      }, result);
    });
    return;
  }
  if (typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/') && kind === 'Kustomization') {
    result.notices.push(`skipped ${place.label}: a Kustomization is not an object (name its folder to have it built with kustomize)`);
    return;
  }
  const metadata = value.metadata;
  const name = isRecord(metadata) ? metadata.name : undefined;
  const missing = [
    typeof apiVersion === 'string' && apiVersion !== '' ? undefined : 'apiVersion',
    typeof kind === 'string' && kind !== '' ? undefined : 'kind',
    typeof name === 'string' && name !== '' ? undefined : 'metadata.name',
  ].filter((field): field is string => field !== undefined);
  if (missing.length > 0) {
    fail(`missing ${missing.join(', ')}`);
    return;
  }
  const namespace = isRecord(metadata) ? metadata.namespace : undefined;
  result.objects.push({
    object: value,
    apiVersion: apiVersion as string,
    kind: kind as string,
    name: name as string,
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    source: {
      file,
      document: place.index,
      ...(place.line === undefined ? {} : { line: place.line }),
      ...(place.build === undefined ? {} : { build: place.build }),
    },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Names the type only: the value itself could be a secret pasted in the wrong place.
function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}
