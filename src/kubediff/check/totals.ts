// The numbers a report ends with: objects by state, differences, suppressed
// differences by rule, objects by health, and the exit code (an error wins
// over drift; health never counts).
import { countHealth } from '../health/index.js';
import type { CheckError, CheckTotals, ObjectResult } from '../result.js';

export function computeTotals(objects: readonly ObjectResult[]): CheckTotals {
  const totals = { objects: objects.length, inSync: 0, drifted: 0, missing: 0, error: 0, differences: 0, suppressed: 0, handEdited: 0 };
  const suppressedByRule: Record<string, number> = {};
  for (const result of objects) {
    if (result.state === 'in-sync') totals.inSync++;
    else if (result.state === 'drifted') totals.drifted++;
    else if (result.state === 'missing') totals.missing++;
    else totals.error++;
    if (result.handEdited) totals.handEdited++;
    totals.differences += result.differences.length;
    totals.suppressed += result.suppressed.length;
    for (const difference of result.suppressed) {
      const rule = difference.rule ?? 'unknown';
      suppressedByRule[rule] = (suppressedByRule[rule] ?? 0) + 1;
    }
  }
  return { ...totals, suppressedByRule, health: countHealth(objects) };
}

/** 0 in sync, 2 drift (drifted or missing objects), 1 any error, even with drift. */
export function exitCodeOf(totals: CheckTotals, errors: readonly CheckError[]): 0 | 1 | 2 {
  if (errors.length > 0 || totals.error > 0) return 1;
  return totals.drifted + totals.missing > 0 ? 2 : 0;
}
