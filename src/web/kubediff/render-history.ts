// Recent runs: a small inline SVG chart of out-of-sync objects over time and
// a table (newest first) with time, duration, exit code and counts.
import { formatDuration, formatTime } from './format.js';
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

/** Bars of out-of-sync objects per run, oldest left; color says the exit code. */
export function renderChart(runs: readonly PageRun[]): SafeHtml {
  const max = Math.max(1, ...runs.map((r) => r.outOfSync ?? 0));
  // At least 30 slots, so a few runs give narrow bars; the newest run is always at the right edge.
  const slot = WIDTH / Math.max(runs.length, 30);
  const first = WIDTH - runs.length * slot;
  const bars = runs.map((run, i) => {
    const value = run.outOfSync ?? 0;
    const height = Math.max(2, Math.round((value / max) * (HEIGHT - 4)));
    const x = (first + i * slot + slot * 0.1).toFixed(1);
    const title = `${formatTime(run.startedAt)}: ${value} out of sync, exit ${exitText(run)}`;
    return html`<rect class="${runClass(run)}" x="${x}" y="${HEIGHT - height}" width="${(slot * 0.8).toFixed(1)}" height="${height}"><title>${title}</title></rect>`;
  });
  return html`<svg class="kd-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label="Objects out of sync in the last ${runs.length} runs (max ${max})">${bars}</svg>`;
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
  const max = Math.max(0, ...recent.map((r) => r.outOfSync ?? 0));
  return html`<section id="kd-history"><h2>Recent runs</h2><figure class="kd-figure">${renderChart(recent)}<figcaption>Objects out of sync per run, newest right (max ${max}); green in sync, amber drift, red error or timeout.</figcaption></figure><details class="kd-runs" id="kd-runs"><summary>${recent.length} runs</summary><table class="kd-table"><thead><tr><th>started</th><th>took</th><th>exit code</th><th>out of sync</th>${withErrors ? html`<th>errors</th>` : ''}</tr></thead><tbody>${rows}</tbody></table></details></section>`;
}
