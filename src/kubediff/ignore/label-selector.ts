// Label selectors as kubectl takes them (`-l`): `app=web,tier!=db`,
// `env in (prod,staging)`, `env notin (dev)`, `canary`, `!canary`; every
// requirement must hold.

export class SelectorError extends Error {}

type Requirement =
  | { readonly op: 'in'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'notin'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'exists' | 'absent'; readonly key: string };

export interface LabelSelector {
  readonly text: string;
  matches(labels: Readonly<Record<string, unknown>>): boolean;
}

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Parses a selector; throws SelectorError saying what is wrong. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = splitRequirements(text).map(parseRequirement);
  if (requirements.length === 0) throw new SelectorError('is empty (say which labels, e.g. app=web)');
  return {
    text,
    matches: (labels) => requirements.every((r) => holds(r, labels)),
  };
}

/** Splits on the commas outside parentheses. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth < 0) throw new SelectorError('has a ) without its (');
    if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new SelectorError('has a ( without its )');
  parts.push(text.slice(start));
  const trimmed = parts.map((part) => part.trim());
  return trimmed.length === 1 && trimmed[0] === '' ? [] : trimmed;
}

function parseRequirement(part: string): Requirement {
  if (part === '') throw new SelectorError('has an empty requirement (two commas in a row?)');
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = (set[3] as string).split(',').map((v) => v.trim());
    values.forEach((value) => checkValue(value, part));
    return { op: set[2] as 'in' | 'notin', key: checkKey(set[1] as string, part), values };
  }
  const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
  if (equality) {
    const key = checkKey(equality[1] as string, part);
    const value = checkValue(equality[3] as string, part);
    return equality[2] === '!=' ? { op: 'notin', key, values: [value] } : { op: 'in', key, values: [value] };
  }
  if (part.startsWith('!')) return { op: 'absent', key: checkKey(part.slice(1).trim(), part) };
  return { op: 'exists', key: checkKey(part, part) };
}

function checkKey(key: string, part: string): string {
  if (!KEY.test(key) || key.length > 316) throw new SelectorError(`has ${JSON.stringify(part)}: ${JSON.stringify(key)} is not a label key`);
  return key;
}

function checkValue(value: string, part: string): string {
  if (!VALUE.test(value) || value.length > 63) throw new SelectorError(`has ${JSON.stringify(part)}: ${JSON.stringify(value)} is not a label value`);
  return value;
}

function holds(requirement: Requirement, labels: Readonly<Record<string, unknown>>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const raw = has ? labels[requirement.key] : undefined;
  // git's labels may hold anything: a non-string as its JSON (String() throws for a map with a key named toString).
  const value = !has ? undefined : typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? '');
  switch (requirement.op) {
    case 'exists':
      return has;
    case 'absent':
      return !has;
    case 'in':
      return value !== undefined && requirement.values.includes(value);
    case 'notin':
      return value === undefined || !requirement.values.includes(value);
  }
}
