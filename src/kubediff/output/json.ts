// `-o json`: the full structured result (objects with state, differences,
// suppressed differences, errors, totals, requests). Secret values are already
// masked in the report. JSON escapes C0 controls itself; escapeJsonText the
// rest, so the text is safe on a terminal and still the same JSON value.
import { escapeJsonText } from '../../text/control-characters.js';
import type { CheckReport } from '../result.js';
import type { RenderOptions } from './render.js';

/** A timed-out run's report is incomplete: its exitCode is the run's (124) and `timedOut` says why. */
export function renderJson(report: CheckReport, options: RenderOptions = {}): string {
  const value = options.timedOut ? { ...report, exitCode: options.exitCode ?? report.exitCode, timedOut: true } : report;
  return `${escapeJsonText(JSON.stringify(value, null, 2))}\n`;
}
