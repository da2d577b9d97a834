// Which ignore rules apply to an object, and which of them hides a
// difference: the first rule whose match holds for the object, whose paths
// (if any) cover the difference's path and whose managers (if any) own the
// field. The hidden difference is kept as suppressed with `ignore:<name>`.

import type { ObjectRef } from '../result.js';
import type { IgnoreRule, IgnoreRules, ObjectMatch } from './file.js';

export const IGNORE_RULE_PREFIX = 'ignore:';

export interface ObjectIgnore {
  /** The rule id hiding a difference at `path` in a field owned by `managers()`; undefined when none does. */
  ruleFor(path: string, managers: () => readonly string[]): string | undefined;
}

function matches(match: ObjectMatch, ref: ObjectRef, labels: Readonly<Record<string, unknown>>): boolean {
  if (match.apiVersion !== undefined && match.apiVersion !== ref.apiVersion) return false;
  if (match.kind !== undefined && match.kind !== ref.kind) return false;
  if (match.namespace !== undefined && (ref.namespace === undefined || !match.namespace.test(ref.namespace))) return false;
  if (match.name !== undefined && !match.name.test(ref.name)) return false;
  return match.labelSelector === undefined || match.labelSelector.matches(labels);
}

function hides(rule: IgnoreRule, path: string, managers: () => readonly string[]): boolean {
  if (rule.paths && !rule.paths.some((pattern) => pattern.matches(path))) return false;
  if (rule.managers) {
    const owners = managers();
    if (!rule.managers.some((manager) => owners.includes(manager))) return false;
  }
  return true;
}

/** The rules that apply to the object (`labels`: the labels git gives it); undefined when none do. */
export function ignoreFor(rules: IgnoreRules | undefined, ref: ObjectRef, labels: Readonly<Record<string, unknown>>): ObjectIgnore | undefined {
  const applying = rules?.rules.filter((rule) => matches(rule.match, ref, labels)) ?? [];
  if (applying.length === 0) return undefined;
  return {
    ruleFor(path, managers) {
      const rule = applying.find((candidate) => hides(candidate, path, managers));
      return rule && `${IGNORE_RULE_PREFIX}${rule.name}`;
    },
  };
}
