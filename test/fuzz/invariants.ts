// What every CheckReport must satisfy, whatever the input: its numbers agree
// with its objects, every state carries what it promises (an error has its
// error, drift its differences), the exit code follows the rule (an error
// wins, drift is 2, in sync only when something was compared and all agreed),
// names the API server would refuse never reach the objects, and every output
// renders without a raw control character.
import { nameProblem, nameRuleFor } from '../../src/kubediff/identity/index.js';
import { renderReport } from '../../src/kubediff/output/index.js';
import type { CheckReport } from '../../src/kubediff/result.js';
import { renderKubediffPage } from '../../src/web/kubediff/page.js';
import { NO_FILTER } from '../../src/web/kubediff/filter.js';
import { makePageData } from '../web/kubediff/report-fixture.js';

const STATES = new Set(['in-sync', 'drifted', 'missing', 'error']);
const ERROR_KINDS = new Set(['manifest', 'unserved', 'forbidden', 'cluster', 'aborted']);
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Every broken promise of the report, in words; empty when it keeps them all. */
export function reportProblems(report: CheckReport): string[] {
  const problems: string[] = [];
  const count = (state: string) => report.objects.filter((o) => o.state === state).length;
  const { totals } = report;
  if (totals.objects !== report.objects.length) problems.push(`totals.objects ${totals.objects} != ${report.objects.length}`);
  for (const [state, total] of [['in-sync', totals.inSync], ['drifted', totals.drifted], ['missing', totals.missing], ['error', totals.error]] as const) {
    if (count(state) !== total) problems.push(`totals for ${state} ${total} != ${count(state)}`);
  }
  for (const object of report.objects) {
    const where = `${object.ref.kind}/${object.ref.namespace ?? ''}/${object.ref.name}`;
    if (!STATES.has(object.state)) problems.push(`${where}: state ${object.state}`);
    if ((object.state === 'error') !== (object.error !== undefined)) problems.push(`${where}: state ${object.state} with error ${JSON.stringify(object.error)}`);
    if (object.state === 'drifted' && object.differences.length === 0) problems.push(`${where}: drifted without differences`);
    if (object.state === 'in-sync' && object.differences.length > 0) problems.push(`${where}: in sync with differences`);
    if (typeof object.ref.name !== 'string' || typeof object.ref.kind !== 'string') problems.push(`${where}: ref is not strings`);
    else if (object.state !== 'error' && nameProblem(object.ref.name, nameRuleFor(object.ref.apiVersion, object.ref.kind))) {
      problems.push(`${where}: a name the API server refuses was ${object.state}`);
    }
  }
  for (const error of [...report.errors, ...report.objects.flatMap((o) => (o.error ? [o.error] : []))]) {
    if (!ERROR_KINDS.has(error.kind)) problems.push(`error kind ${error.kind}`);
    if (typeof error.message !== 'string' || error.message.trim() === '') problems.push(`error without a message: ${JSON.stringify(error)}`);
  }
  const errors = report.errors.length + totals.error;
  const expected = errors > 0 ? 1 : totals.drifted + totals.missing > 0 ? 2 : 0;
  if (report.exitCode !== expected) problems.push(`exit code ${report.exitCode}, expected ${expected}`);
  for (const format of ['text', 'json', 'legacy-json', 'diff'] as const) {
    let text: string;
    try {
      text = renderReport(report, format);
    } catch (error) {
      problems.push(`${format} output threw: ${(error as Error).stack ?? String(error)}`);
      continue;
    }
    if (RAW_CONTROL.test(text)) problems.push(`${format} output has a raw control character`);
  }
  try {
    renderKubediffPage(makePageData(report), NO_FILTER);
  } catch (error) {
    problems.push(`the page threw: ${(error as Error).stack ?? String(error)}`);
  }
  return problems;
}
