// The default output, compatible with weaveworks/kubediff: a `## namespace/name
// (Kind.version.group)` heading per object that differs, one line per
// difference, then one line per object whose rollout health is not Healthy,
// errors, notices and a summary line. When the commit is
// known, a `# checked commit <short hash> (<subject>)` line comes first.
import { escapeControl, escapeControlKeepLines } from '../../text/control-characters.js';
import type { CheckReport, ObjectResult } from '../result.js';
import { HEALTH_STATUSES } from '../health/index.js';
import type { RenderOptions } from './render.js';
import { describeObject, formatDifference, formatError, formatSource, revisionLabel } from './describe.js';
import { imagesBlock, imagesSummary } from './images-text.js';

/** More objects than this failing with the same message are shown as one line with a count. */
const SAME_ERROR_SHOWN = 5;

export function renderText(report: CheckReport, options: RenderOptions = {}): string {
  const blocks: string[] = [];
  if (report.revision) {
    const { subject, dirty } = report.revision;
    const note = dirty ? `${subject ? '; ' : ''}with uncommitted changes, which were checked too` : '';
    blocks.push(`# checked commit ${revisionLabel(report.revision)}${subject || note ? ` (${escapeControl(subject)}${note})` : ''}`);
  }
  for (const result of report.objects) {
    if (result.state === 'drifted') blocks.push(driftedBlock(result));
    if (result.state === 'missing') {
      blocks.push(`## ${describeObject(result.ref)}\n\nmissing: in git (${formatSource(result)}) but not in the cluster`);
    }
  }
  const health = healthLines(report);
  if (health.length > 0) blocks.push(`## health\n\n${health.join('\n')}`);
  const images = imagesBlock(report);
  if (images) blocks.push(images);
  const errors = errorLines(report);
  if (errors.length > 0) blocks.push(`## errors\n\n${errors.join('\n')}`);
  if (report.notices.length > 0) blocks.push(report.notices.map((notice) => `notice: ${escapeControl(notice)}`).join('\n'));
  blocks.push(summary(report, options));
  // Every field is escaped where it is written; this pass makes sure no control character gets through raw.
  return escapeControlKeepLines(`${blocks.join('\n\n')}\n`);
}

function driftedBlock(result: ObjectResult): string {
  const lines = result.differences.map(formatDifference);
  for (const suppressed of result.suppressed) lines.push(`(ignored: ${suppressed.rule ?? 'rule'}) ${formatDifference(suppressed)}`);
  return `## ${describeObject(result.ref)}\n\n${lines.join('\n')}`;
}

/** One line per object that is not Healthy, the most urgent first; health never changes the exit code. */
function healthLines(report: CheckReport): string[] {
  const rank = (result: ObjectResult) => HEALTH_STATUSES.indexOf(result.health?.status ?? 'Healthy');
  return report.objects
    .filter((result) => result.health && result.health.status !== 'Healthy')
    .sort((a, b) => rank(a) - rank(b))
    .map((result) => {
      const { status, reason, since } = result.health!;
      // The reason is the controller's own words (a condition message can span lines): one escaped line.
      return `${status}: ${describeObject(result.ref)}: ${escapeControl(reason)}${since ? ` (since ${since})` : ''}`;
    });
}

function errorLines(report: CheckReport): string[] {
  const lines = report.errors.map((error) => `error: ${formatError(error)}`);
  const byMessage = new Map<string, ObjectResult[]>();
  for (const result of report.objects) {
    if (result.state !== 'error' || !result.error) continue;
    const same = byMessage.get(result.error.message) ?? [];
    same.push(result);
    byMessage.set(result.error.message, same);
  }
  for (const [message, results] of byMessage) {
    const shown = results.length > SAME_ERROR_SHOWN ? results.slice(0, SAME_ERROR_SHOWN - 1) : results;
    for (const result of shown) lines.push(`error: ${formatError(result.error ?? { kind: 'cluster', message }, result)}`);
    if (shown.length < results.length) lines.push(`error: ${results.length - shown.length} more objects: ${escapeControl(message)}`);
  }
  return lines;
}

function summary(report: CheckReport, options: RenderOptions): string {
  const t = report.totals;
  const states = `${t.inSync} in sync, ${t.drifted} drifted, ${t.missing} missing, ${t.error} failed`;
  const parts = [`${plural(t.objects, 'object')} (${states})`];
  const rules = Object.entries(t.suppressedByRule).map(([rule, count]) => `${escapeControl(rule)} ${count}`);
  parts.push(`${plural(t.differences, 'difference')}${t.suppressed > 0 ? `, ${t.suppressed} suppressed (${rules.join(', ')})` : ''}`);
  if (report.errors.length > 0) parts.push(plural(report.errors.length, 'other error'));
  const images = imagesSummary(report);
  if (images) parts.push(images);
  if (report.context) parts.push(`context ${escapeControl(report.context)}`);
  parts.push(exitPart(report, options));
  return `kubediff: ${parts.join('; ')}`;
}

// The code the process and the metric say, and why when it is not the checker's verdict.
function exitPart(report: CheckReport, { exitCode = report.exitCode, timedOut = false }: RenderOptions): string {
  if (timedOut) return `exit ${exitCode} (timed out: the check did not finish, the counts are incomplete)`;
  if (exitCode === report.exitCode) return `exit ${exitCode}`;
  if (report.exitCode === 2 && exitCode === 0) return 'exit 0 (drift found; --no-error-on-diff)';
  return `exit ${exitCode} (the check said ${report.exitCode})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
