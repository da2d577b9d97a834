// What a check reads from git: files, streams, kustomizations and renders.
export { loadSources, MAX_SOURCE_BYTES, type LoadedSources, type SourceOptions, type SourceSummary } from './load.js';
export { nothingToCheck } from './nothing-to-check.js';
export { describeSource } from './describe-source.js';
export { splitCommand } from './command-words.js';
export { DEFAULT_KUSTOMIZE_COMMAND } from './kustomize-build.js';
export { findSources, isKustomizationFile, STDIN_PATH, type FoundSource } from './walk.js';
