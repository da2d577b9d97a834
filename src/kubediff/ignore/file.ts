// The ignore file (`--ignore-file FILE`): rules as data, each hiding some
// differences of some objects. A file that is not what it should be is an
// error naming the file, the rule and the key, never a rule half applied.
//
//   rules:
//   - name: keda-scales-web
//     match: {kind: Deployment, namespace: shop, name: "web-*"}
//     paths: [".spec.replicas"]
//   - name: istio-injection
//     managers: ["istio-sidecar-injector"]

import { load } from 'js-yaml';
import { KubediffError } from '../../errors.js';
import { readBoundedFile } from '../../files/read-bounded.js';
import { isMap } from '../compare/values.js';
import { parseLabelSelector, SelectorError, type LabelSelector } from './label-selector.js';
import { compilePathPattern, PathPatternError, type PathPattern } from './path-glob.js';

/** The ignore file cannot be used: `file`, and where known the rule (its name, or `#3`) and the key. */
export class IgnoreFileError extends KubediffError {
  constructor(
    readonly file: string,
    readonly rule: string | undefined,
    readonly key: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ObjectMatch {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: RegExp;
  readonly name?: RegExp;
  readonly labelSelector?: LabelSelector;
}

export interface IgnoreRule {
  readonly name: string;
  readonly match: ObjectMatch;
  /** Undefined: every path. */
  readonly paths?: readonly PathPattern[];
  /** Undefined: whoever owns the field. */
  readonly managers?: readonly string[];
}

export interface IgnoreRules {
  readonly file: string;
  readonly rules: readonly IgnoreRule[];
}

export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;
const MAX_RULES = 1000;
const MAX_LIST = 200;
const RULE_KEYS = ['name', 'match', 'paths', 'managers'];
const MATCH_KEYS = ['apiVersion', 'kind', 'namespace', 'name', 'labelSelector'];

/** Reads and checks the ignore file; throws IgnoreFileError (or the signal's reason). */
export async function loadIgnoreFile(file: string, signal?: AbortSignal): Promise<IgnoreRules> {
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(file, { maxBytes: MAX_IGNORE_FILE_BYTES, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new IgnoreFileError(file, undefined, undefined, `ignore file ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseIgnoreFile(bytes.toString('utf8'), file);
}

/** Parses the ignore file's text; throws IgnoreFileError. */
export function parseIgnoreFile(text: string, file: string): IgnoreRules {
  const fail = (message: string, rule?: string, key?: string, cause?: unknown): never => {
    const where = [rule === undefined ? '' : ` rule ${rule}`, key === undefined ? '' : ` key ${JSON.stringify(key)}`].join('');
    throw new IgnoreFileError(file, rule, key, `ignore file ${file}${where ? `,${where}` : ''}: ${message}`, cause === undefined ? undefined : { cause });
  };
  let document: unknown;
  try {
    document = load(text, { filename: file });
  } catch (error) {
    // js-yaml quotes the lines around the mistake: keep its reason and position only.
    const reason = (error as { reason?: string; mark?: { line?: number } }).reason ?? 'not YAML';
    const line = (error as { mark?: { line?: number } }).mark?.line;
    fail(`not YAML: ${reason}${line === undefined ? '' : ` (line ${line + 1})`}`);
  }
  if (!isMap(document)) return fail('expected a map with a `rules` list');
  for (const key in document) if (key !== 'rules') fail(`unknown key (expected rules)`, undefined, key);
  const list = document.rules;
  if (!Array.isArray(list)) return fail('`rules` must be a list of rules', undefined, 'rules');
  if (list.length > MAX_RULES) fail(`more than ${MAX_RULES} rules`, undefined, 'rules');
  const names = new Set<string>();
  const rules = list.map((raw, index) => {
    const rule = parseRule(raw, index, fail);
    if (names.has(rule.name)) fail('two rules have this name', JSON.stringify(rule.name), 'name');
    names.add(rule.name);
    return rule;
  });
  return { file, rules };
}

type Fail = (message: string, rule?: string, key?: string, cause?: unknown) => never;

function parseRule(raw: unknown, index: number, fail: Fail): IgnoreRule {
  const at = `#${index + 1}`;
  if (!isMap(raw)) return fail('a rule must be a map with name and match, paths or managers', at);
  const name = raw.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name)) {
    return fail('name must be a short name of letters, digits, -, _ or . (it is shown as ignore:<name>)', at, 'name');
  }
  const rule = JSON.stringify(name);
  for (const key in raw) if (!RULE_KEYS.includes(key)) fail(`unknown key (expected ${RULE_KEYS.join(', ')})`, rule, key);
  if (raw.match === undefined && raw.paths === undefined && raw.managers === undefined) fail('says nothing to ignore: give match, paths or managers', rule);
  const match = raw.match === undefined ? {} : parseMatch(raw.match, rule, fail);
  const paths = raw.paths === undefined ? undefined : stringList(raw.paths, rule, 'paths', fail).map((text) => {
    try {
      return compilePathPattern(text);
    } catch (error) {
      if (!(error instanceof PathPatternError)) throw error;
      return fail(`path ${JSON.stringify(text)} ${error.message}`, rule, 'paths');
    }
  });
  const managers = raw.managers === undefined ? undefined : stringList(raw.managers, rule, 'managers', fail);
  return { name, match, ...(paths ? { paths } : {}), ...(managers ? { managers } : {}) };
}

function parseMatch(raw: unknown, rule: string, fail: Fail): ObjectMatch {
  if (!isMap(raw)) return fail('match must be a map of apiVersion, kind, namespace, name, labelSelector', rule, 'match');
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') return fail('must be a non-empty string', rule, `match.${key}`);
    return value;
  };
  for (const key in raw) if (!MATCH_KEYS.includes(key)) fail(`unknown key (expected ${MATCH_KEYS.join(', ')})`, rule, `match.${key}`);
  const apiVersion = text('apiVersion');
  const kind = text('kind');
  const namespace = text('namespace');
  const name = text('name');
  const selector = text('labelSelector');
  let labelSelector: LabelSelector | undefined;
  if (selector !== undefined) {
    try {
      labelSelector = parseLabelSelector(selector);
    } catch (error) {
      if (!(error instanceof SelectorError)) throw error;
      fail(`label selector ${JSON.stringify(selector)} ${error.message}`, rule, 'match.labelSelector');
    }
  }
  return {
    ...(apiVersion ? { apiVersion } : {}),
    ...(kind ? { kind } : {}),
    ...(namespace ? { namespace: nameGlob(namespace) } : {}),
    ...(name ? { name: nameGlob(name) } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  };
}

/** `web-*`: * stands for any characters, ? for one. */
function nameGlob(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

function stringList(raw: unknown, rule: string, key: string, fail: Fail): string[] {
  if (!Array.isArray(raw) || raw.length === 0) return fail('must be a non-empty list of strings', rule, key);
  if (raw.length > MAX_LIST) return fail(`has more than ${MAX_LIST} entries`, rule, key);
  for (const item of raw) if (typeof item !== 'string' || item === '') fail('must be a list of non-empty strings', rule, key);
  return raw as string[];
}

