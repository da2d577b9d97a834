// The objects, errors and notices one source gave, and the step every source
// shares: its text split into documents and each document into objects.
import type { CheckError, SourceBuild } from '../result.js';
import { objectsFromDocument } from '../manifests/objects.js';
import { parseManifestText } from '../manifests/parse.js';
import type { ManifestObject } from '../manifests/types.js';

export interface SourceObjects {
  readonly objects: ManifestObject[];
  readonly errors: CheckError[];
  readonly notices: string[];
}

export interface TextOrigin {
  /** The file, or the folder that was built or rendered. */
  readonly file: string;
  /** For built manifests: how messages name the source, and what built it. */
  readonly built?: { readonly label: string; readonly build: SourceBuild };
}

export function objectsOfText(text: string, json: boolean, origin: TextOrigin): SourceObjects {
  const result: SourceObjects = { objects: [], errors: [], notices: [] };
  for (const document of parseManifestText(text, json)) {
    const found = objectsFromDocument(origin.file, document, origin.built);
    result.objects.push(...found.objects);
    result.errors.push(...found.errors);
    result.notices.push(...found.notices);
  }
  return result;
}
