// `-o json`: the full structured result (objects with state, differences,
// suppressed differences, errors, totals, requests). Secret values are already
// masked in the report.
import type { CheckReport } from '../result.js';

export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
