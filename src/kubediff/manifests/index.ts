// The manifest parser's public surface: documents into objects.
export { splitDuplicates, formatSource } from './duplicates.js';
export { objectsFromDocument, type BuiltDocument } from './objects.js';
export { parseManifestText, type ParsedDocument } from './parse.js';
export type { ManifestObject, ManifestSet } from './types.js';
