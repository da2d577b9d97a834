// A LabelSelector (matchLabels and matchExpressions) against a pod's
// labels, as the API server evaluates it; a malformed selector matches nothing.
import { isJson, type Json } from '../read.js';

export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isJson(selector)) return false;
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && !isJson(matchLabels)) return false;
  if (matchExpressions !== undefined && !Array.isArray(matchExpressions)) return false;
  const pairs = Object.entries(matchLabels ?? {});
  const expressions = (matchExpressions ?? []) as unknown[];
  // An empty selector selects everything for the API, but no workload may have one.
  if (pairs.length === 0 && expressions.length === 0) return false;
  return pairs.every(([key, value]) => labels[key] === value) && expressions.every((e) => isJson(e) && expressionMatches(e, labels));
}

function expressionMatches(expression: Json, labels: Readonly<Record<string, string>>): boolean {
  const { key, operator, values } = expression;
  if (typeof key !== 'string') return false;
  const list = Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
  const has = Object.hasOwn(labels, key);
  switch (operator) {
    case 'In':
      return has && list.includes(labels[key] as string);
    case 'NotIn':
      return !has || !list.includes(labels[key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}
