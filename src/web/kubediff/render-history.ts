// Recent runs: a small inline SVG chart of out-of-sync objects (and errors,
// stacked on top) over time and a table (newest first) with time, duration,
// exit code and counts.
import { formatDuration, formatTime, plural } from './format.js';
import { html, type SafeHtml } from './html.js';
import type { PageRun } from './page-data.js';

const WIDTH = 600;
const HEIGHT = 64;

function runClass(run: PageRun): string {
  if (run.skipped) return 'c-skip';
  if (run.exitCode === 0) return 'c-ok';
  if (run.exitCode === 2) return 'c-drift';
  return 'c-err';
}

function exitText(run: PageRun): string {
  if (run.skipped) return `skipped: ${run.skipped}`;
  if (run.timedOut) return `${run.exitCode} (timed out)`;
  const meaning: Record<number, string> = { 0: 'in sync', 1: 'error', 2: 'drift' };
  return meaning[run.exitCode] ? `${run.exitCode} (${meaning[run.exitCode]})` : String(run.exitCode);
}

const total = (run: PageRun): number => (run.outOfSync ?? 0) + (run.errors ?? 0);

/** Bars of out-of-sync objects per run, oldest left, color by exit code; errors stacked on top in their own color. */
export function renderChart(runs: readonly PageRun[]): SafeHtml {
  const max = Math.max(1, ...runs.map(total));
  const scale = (HEIGHT - 4) / max;
  // At least 30 slots, so a few runs give narrow bars; the newest run is always at the right edge.
  const slot = WIDTH / Math.max(runs.length, 30);
  const first = WIDTH - runs.length * slot;
  const width = (slot * 0.8).toFixed(1);
  const bars = runs.map((run, i) => {
    const value = run.outOfSync ?? 0;
    const errors = run.errors ?? 0;
    const height = Math.max(2, Math.round(value * scale));
    const x = (first + i * slot + slot * 0.1).toFixed(1);
    const errorText = errors > 0 ? `, ${plural(errors, 'error')}` : '';
    const title = `${formatTime(run.startedAt)}: ${value} out of sync${errorText}, exit ${exitText(run)}`;
    const bar = html`<rect class="${runClass(run)}" x="${x}" y="${HEIGHT - height}" width="${width}" height="${height}"><title>${title}</title></rect>`;
    if (errors === 0) return bar;
    const errorHeight = Math.max(2, Math.round(errors * scale));
    return html`${bar}<rect class="c-errors" x="${x}" y="${HEIGHT - height - errorHeight}" width="${width}" height="${errorHeight}"><title>${title}</title></rect>`;
  });
  return html`<svg class="kd-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="Objects out of sync and errors in the last ${runs.length} runs (max ${max})">${bars}</svg>`;
}

/** The recent-runs section; `runs` oldest first, at most `limit` shown. */
export function renderHistory(runs: readonly PageRun[], limit: number): SafeHtml {
  const recent = runs.slice(-limit);
  if (recent.length === 0) return html`<section id="kd-history"><h2>Recent runs</h2><p class="kd-empty">No run yet.</p></section>`;
  // The errors column only when the runs carry error counts.
  const withErrors = recent.some((run) => run.errors !== undefined);
  const rows = [...recent].reverse().map(
    (run) =>
      html`<tr class="${runClass(run)}"><td><time datetime="${run.startedAt}">${formatTime(run.startedAt)}</time></td><td>${formatDuration(run.durationMs)}</td><td>${exitText(run)}</td><td>${run.outOfSync ?? '-'}</td>${withErrors ? html`<td>${run.errors ?? '-'}</td>` : ''}</tr>`,
  );
  const max = Math.max(0, ...recent.map(total));
  const errorsKey = withErrors ? ' and errors (stacked on top, pale red)' : '';
  return html`<section id="kd-history"><h2>Recent runs</h2><figure class="kd-figure">${renderChart(recent)}<figcaption>Objects out of sync${errorsKey} per run, newest right (max ${max}); green in sync, amber drift, red error or timeout.</figcaption></figure><details class="kd-runs" id="kd-runs"><summary>${plural(recent.length, 'run')}</summary><table class="kd-table"><thead><tr><th>started</th><th>took</th><th>exit code</th><th>out of sync</th>${withErrors ? html`<th>errors</th>` : ''}</tr></thead><tbody>${rows}</tbody></table></details></section>`;
}
