// The at-a-glance header: in sync, drifted (how many), or error; what was
// checked, at which commit, when the last run was, how long it took and when
// the next one is due.
import type { CheckReport } from '../../kubediff/result.js';
import { formatDuration, formatRelative, formatTime, plural } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { KubediffPageData } from './page-data.js';

export interface Verdict {
  /** kd-s-ok, kd-s-drift, kd-s-error or kd-s-wait: the header's color. */
  readonly tone: 'ok' | 'drift' | 'error' | 'wait';
  readonly headline: string;
}

/** The one-line answer to "is the cluster like git?"; also the document title. */
export function verdict(data: KubediffPageData): Verdict {
  const { lastRun, report } = data;
  if (data.waiting) {
    // The skip reason says what happened: "waiting for /git/repo", or
    // "checkout kept changing during 3 tries; the next run will retry".
    const reason = data.waiting || 'waiting';
    return { tone: 'wait', headline: reason.charAt(0).toUpperCase() + reason.slice(1) };
  }
  if (!lastRun) return { tone: 'wait', headline: data.running ? 'First run in progress' : 'Waiting for the first run' };
  if (lastRun.timedOut) return { tone: 'error', headline: `Timed out after ${formatDuration(lastRun.durationMs)}` };
  if (!report) return { tone: 'error', headline: `Error (exit code ${lastRun.exitCode})` };
  const { drifted, missing } = report.totals;
  // Never green on nothing, whatever the exit code says.
  if (report.exitCode === 0 && report.totals.objects === 0) return { tone: 'error', headline: 'Nothing checked: no objects were found in git' };
  if (report.exitCode === 0) return { tone: 'ok', headline: `In sync: ${plural(report.totals.objects, 'object')} match git` };
  if (report.exitCode === 2) {
    // Drifted and missing are told apart, as the badges below tell them.
    if (missing === 0) return { tone: 'drift', headline: `Drifted: ${plural(drifted, 'object')}` };
    if (drifted === 0) return { tone: 'drift', headline: `Missing: ${plural(missing, 'object')}` };
    return { tone: 'drift', headline: `Out of sync: ${drifted} drifted, ${missing} missing` };
  }
  const errors = report.errors.length + report.totals.error;
  const outOfSync = [drifted > 0 ? `${drifted} drifted` : '', missing > 0 ? `${missing} missing` : ''].filter(Boolean);
  return { tone: 'error', headline: `Error: ${plural(errors, 'error')}${outOfSync.length > 0 ? `, ${outOfSync.join(', ')}` : ''}` };
}

function revision(report: CheckReport | undefined): HtmlValue {
  // No report (waiting for git-sync, no run finished yet): no commit was checked, so none is named.
  if (!report) return '';
  const rev = report.revision;
  if (!rev) return html`<dt>commit</dt><dd class="kd-absent">unknown (not a git checkout)</dd>`;
  // rev.url comes from prom-run's --repo-url, validated as an http(s) address.
  const hash = html`<code title="${rev.hash}">${rev.shortHash}${rev.dirty ? '+dirty' : ''}</code>`;
  const linked = rev.url ? html`<a href="${rev.url}" rel="noreferrer">${hash}</a>` : hash;
  // What was checked is not exactly the commit: say so where the commit is named.
  const dirty = rev.dirty ? html` <strong class="kd-dirty">with uncommitted changes, which were checked too</strong>` : '';
  return html`<dt>commit</dt><dd>${linked} ${rev.subject} <span class="kd-meta">(${rev.author}, ${formatTime(rev.committedAt)})</span>${dirty}</dd>`;
}

function counts(report: CheckReport, selfUrl: string): SafeHtml {
  const t = report.totals;
  const item = (state: string, count: number, label: string): SafeHtml =>
    html`<a class="kd-badge kd-${state}${count === 0 ? ' kd-zero' : ''}" href="${selfUrl}?state=${state}">${count} ${label}</a>`;
  return html`<p class="kd-counts">${item('drifted', t.drifted, 'drifted')} ${item('missing', t.missing, 'missing')} ${item('error', t.error, 'errors')} ${item('in-sync', t.inSync, 'in sync')} <span class="kd-meta">${plural(t.differences, 'difference')}, ${t.suppressed} suppressed</span></p>`;
}

function timing(data: KubediffPageData): SafeHtml {
  const { lastRun, now } = data;
  const last = lastRun
    ? html`<time datetime="${lastRun.startedAt}">${formatTime(lastRun.startedAt)}</time> (${formatRelative(lastRun.startedAt, now)}), took ${formatDuration(lastRun.durationMs)}, exit code ${lastRun.exitCode}`
    : html`<span class="kd-absent">none yet</span>`;
  const next = data.running
    ? 'running now'
    : data.nextRunAt
      ? html`<time datetime="${data.nextRunAt}">${formatTime(data.nextRunAt)}</time> (${formatRelative(data.nextRunAt, now)})`
      : html`<span class="kd-absent">not scheduled</span>`;
  return html`<dt>last run</dt><dd>${last}</dd><dt>next run</dt><dd>${next}</dd>`;
}

/** While runs are skipped, the result still shown is the last complete run's: say which and what it found. */
function lastResult(data: KubediffPageData): HtmlValue {
  if (!data.waiting || !data.report || !data.lastRun) return '';
  const last = verdict({ ...data, waiting: undefined });
  return html`<p class="kd-last" id="kd-last-result">Shown below: the last complete run (${formatTime(data.lastRun.startedAt)}): ${last.headline}.</p>`;
}

export function renderStatus(data: KubediffPageData): SafeHtml {
  const { report } = data;
  const v = verdict(data);
  const paths = report ? report.paths : [];
  const where = report?.context || report?.server ? html`<dt>cluster</dt><dd>${report.context ?? ''} <code>${report.server ?? ''}</code></dd>` : '';
  const notices = report && report.notices.length > 0 ? html`<ul class="kd-notices">${report.notices.map((n) => html`<li>${n}</li>`)}</ul>` : '';
  return html`<section class="kd-status kd-s-${v.tone}" id="kd-status"><h1>${v.headline}</h1>${lastResult(data)}${report ? counts(report, data.links.self) : ''}<dl class="kd-facts"><dt>checked</dt><dd>${paths.length > 0 ? paths.map((p) => html`<code>${p}</code> `) : html`<code>${data.display}</code>`}</dd>${revision(report)}${where}${timing(data)}</dl>${notices}</section>`;
}
