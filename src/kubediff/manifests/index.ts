// The manifest loader's public surface.
export { loadManifests, MAX_MANIFEST_FILE_BYTES, type LoadOptions } from './load.js';
export { splitDuplicates, formatSource } from './duplicates.js';
export { findManifestFiles, isKustomizationFile, STDIN_PATH } from './walk.js';
export { parseManifestText, type ParsedDocument } from './parse.js';
export type { ManifestObject, ManifestSet } from './types.js';
