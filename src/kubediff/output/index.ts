// The checker's outputs: each a pure function of a CheckReport.
export { renderText } from './text.js';
export { renderLegacyJson, NO_FILE_KEY } from './legacy-json.js';
export { renderJson } from './json.js';
export { renderDiff } from './diff.js';
export { renderReport, type OutputFormat, type RenderOptions } from './render.js';
export { describeObject, qualifiedKind, formatDifference, formatError, revisionLabel } from './describe.js';
