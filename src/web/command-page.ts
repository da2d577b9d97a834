// The command-mode page: a pure function from the runner's snapshot to HTML.
// For the person who was just paged: the status first, then the output, then
// the recent runs. Every string from outside is escaped (output via ansi.ts).
import { formatDuration } from '../config/duration.js';
import type { RunnerStatus, RunSummary } from '../runner/status.js';
import { describeResult } from '../runner/status.js';
import { ansiToHtml } from './ansi.js';
import { escapeHtml } from './escape.js';
import { formatRelative, formatSeconds, formatTime } from './format.js';
import { renderDocument } from './layout.js';

export interface CommandPageInput {
  readonly status: RunnerStatus;
  readonly now: number;
  /** Rows in the recent-runs table (the history keeps more). */
  readonly recentRuns?: number;
}

export function renderCommandPage({ status, now, recentRuns = 50 }: CommandPageInput): string {
  const headline = headlineOf(status);
  const bodyHtml = `<header class="top"><span class="brand">prom-run</span> <code class="command">${escapeHtml(status.task.display)}</code>
<nav><a href="/api/status">JSON</a> · <a href="/output.txt">output.txt</a> · <a href="/metrics">metrics</a></nav></header>
<main id="content">
${renderStatus(status, now, headline)}
${renderOutput(status)}
${renderRecentRuns(status.recent.slice(0, recentRuns))}
</main>`;
  return renderDocument({ title: `${headline.text} · ${status.task.display} · prom-run`, bodyHtml, refreshSeconds: refreshSeconds(status, now) });
}

interface Headline {
  readonly text: string;
  readonly kind: 'succeeded' | 'failed' | 'timed-out' | 'running' | 'not-run-yet' | 'waiting';
}

function headlineOf(status: RunnerStatus): Headline {
  if (status.current) return { text: 'Running', kind: 'running' };
  if (status.waiting) return { text: `Waiting: ${status.waiting.reason}`, kind: 'waiting' };
  const latest = status.latest;
  if (!latest) return { text: 'Not run yet', kind: 'not-run-yet' };
  if (latest.result === 'timed-out') return { text: `Timed out after ${formatDuration(status.timeoutMs)}`, kind: 'timed-out' };
  if (latest.result === 'failed') return { text: `Failed with code ${latest.exitCode}`, kind: 'failed' };
  return { text: 'Succeeded', kind: 'succeeded' };
}

function renderStatus(status: RunnerStatus, now: number, headline: Headline): string {
  const facts: [string, string][] = [];
  if (status.current) {
    facts.push(['Started', at(status.current.startedAt, now)]);
    if (status.latest) facts.push(['Previous run', escapeHtml(describeResult(status.latest))]);
  }
  if (status.latest) {
    facts.push(['Last run started', at(status.latest.startedAt, now)]);
    facts.push(['Took', escapeHtml(formatSeconds(status.latest.durationSeconds))]);
    facts.push(['Exit code', String(status.latest.exitCode)]);
  }
  facts.push(['Last success', status.lastSuccessAt === undefined ? 'never' : at(status.lastSuccessAt, now)]);
  if (status.followUpPending) facts.push(['Next run', 'right after this one (requested)']);
  else if (status.nextRunAt !== undefined) facts.push(['Next run due', at(status.nextRunAt, now)]);
  facts.push(['Period', `${escapeHtml(formatDuration(status.periodMs))}, timeout ${escapeHtml(formatDuration(status.timeoutMs))}`]);
  return `<section class="status status-${headline.kind}" aria-live="polite">
<p class="headline">${escapeHtml(headline.text)}</p>
<dl class="facts">${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>
</section>`;
}

function at(epochMs: number, now: number): string {
  return `<time datetime="${new Date(epochMs).toISOString()}">${escapeHtml(formatTime(epochMs))}</time> (${escapeHtml(formatRelative(epochMs, now))})`;
}

function renderOutput(status: RunnerStatus): string {
  const latest = status.latest;
  if (!latest) return `<h2>Output</h2><p class="note">No run has finished yet.</p>`;
  const note = latest.outputTruncated
    ? `<p class="note">The output was longer than the limit; the middle is cut (see the marker).</p>`
    : '';
  const body = latest.output === '' ? `<p class="note">The command printed nothing.</p>` : `<pre class="output">${ansiToHtml(latest.output)}</pre>`;
  return `<h2>Output of run #${latest.id} <span class="note">(stdout and stderr, in order)</span></h2>${note}${body}`;
}

function renderRecentRuns(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return '';
  const rows = runs
    .map(
      (run) => `<tr><td class="num">${run.id}</td><td><time datetime="${new Date(run.startedAt).toISOString()}">${escapeHtml(formatTime(run.startedAt))}</time></td>` +
        `<td class="result-${run.result}">${escapeHtml(describeResult(run))}</td><td class="num">${run.result === 'skipped' ? '' : run.exitCode}</td>` +
        `<td class="num">${escapeHtml(formatSeconds(run.durationSeconds))}</td><td class="hide-narrow">${escapeHtml(run.trigger)}</td></tr>`,
    )
    .join('\n');
  return `<h2>Recent runs</h2><div class="table-wrap"><table>
<thead><tr><th>#</th><th>Started</th><th>Result</th><th>Exit code</th><th>Duration</th><th class="hide-narrow">Trigger</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

/** Often while a run is in progress, else about once a period (2 to 30 seconds). */
export function refreshSeconds(status: RunnerStatus, now: number): number {
  if (status.current || status.followUpPending) return 2;
  if (status.nextRunAt !== undefined) return Math.min(30, Math.max(2, Math.ceil((status.nextRunAt - now) / 1000) + 1));
  return Math.min(30, Math.max(2, Math.ceil(status.periodMs / 1000)));
}
