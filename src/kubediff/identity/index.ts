// Names and identity: the name formats the API server accepts per kind, and
// whether an object the server returned is the one asked for.
export { identityProblem } from './identity.js';
export { invalidNameError, namespaceProblem } from './validate-names.js';
export { nameRuleFor } from './kind-rules.js';
export { nameProblem, pathSegmentProblem } from './name-rules.js';
export type { NameFormat, NameRule } from './name-rules.js';
export { quoteName } from './quote.js';
