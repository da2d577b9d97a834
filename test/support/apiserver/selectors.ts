// Label and field selectors as list and watch requests send them
// (`app=web,tier!=db`, `env in (a,b)`, `!legacy`, `metadata.name=x`).
import { badRequest } from './status.js';
import { isObject, type KubeObject } from './types.js';

export type Matcher = (obj: KubeObject) => boolean;

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

function labelsOf(obj: KubeObject): Record<string, unknown> {
  const metadata = obj.metadata;
  return isObject(metadata) && isObject(metadata.labels) ? metadata.labels : {};
}

function labelRequirement(text: string): Matcher {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/.exec(text);
  if (set) {
    const [, key, op, list] = set as unknown as [string, string, string, string];
    const values = new Set(list.split(',').map((v) => v.trim()).filter((v) => v !== ''));
    return op === 'in'
      ? (obj) => values.has(String(labelsOf(obj)[key]))
      : (obj) => !(key in labelsOf(obj)) || !values.has(String(labelsOf(obj)[key]));
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (cmp) {
    const [, key, op, value] = cmp as unknown as [string, string, string, string];
    return op === '!=' ? (obj) => labelsOf(obj)[key] !== value : (obj) => labelsOf(obj)[key] === value;
  }
  const exists = /^(!?)\s*([^\s!=(),]+)$/.exec(text);
  if (exists) {
    const [, not, key] = exists as unknown as [string, string, string];
    return not ? (obj) => !(key in labelsOf(obj)) : (obj) => key in labelsOf(obj);
  }
  throw badRequest(`unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt`);
}

export function parseLabelSelector(selector: string | null): Matcher {
  if (!selector) return () => true;
  const requirements = splitTopLevel(selector).map(labelRequirement);
  return (obj) => requirements.every((r) => r(obj));
}

function fieldValue(obj: KubeObject, path: string): string {
  let current: unknown = obj;
  for (const part of path.split('.')) current = isObject(current) ? current[part] : undefined;
  return current === undefined || current === null ? '' : String(current);
}

export function parseFieldSelector(selector: string | null): Matcher {
  if (!selector) return () => true;
  const requirements = splitTopLevel(selector).map((text): Matcher => {
    const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(text);
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${text}'`);
    const [, field, op, value] = match as unknown as [string, string, string, string];
    return op === '!=' ? (obj) => fieldValue(obj, field.trim()) !== value : (obj) => fieldValue(obj, field.trim()) === value;
  });
  return (obj) => requirements.every((r) => r(obj));
}

/** A LabelSelector object (matchLabels, matchExpressions) against a set of labels; an empty selector matches everything. */
export function selectorMatches(selector: unknown, labels: Record<string, unknown>): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : [];
  return expressions.every((expression) => {
    const key = String(expression.key);
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    switch (expression.operator) {
      case 'In': return key in labels && values.includes(String(labels[key]));
      case 'NotIn': return !(key in labels) || !values.includes(String(labels[key]));
      case 'Exists': return key in labels;
      case 'DoesNotExist': return !(key in labels);
      default: return false;
    }
  });
}
