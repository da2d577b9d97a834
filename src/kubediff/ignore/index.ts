// Ignore rules as data: the ignore file and which differences its rules hide.
export { IgnoreFileError, loadIgnoreFile, parseIgnoreFile, MAX_IGNORE_FILE_BYTES, type IgnoreRule, type IgnoreRules } from './file.js';
export { ignoreFor, IGNORE_RULE_PREFIX, type ObjectIgnore } from './rules.js';
