// One object that is not in sync: a folded section whose summary says what
// and where, and whose body holds the field differences, the suppressed ones
// (on request, with the rule that hid each and what that rule means) and the
// colored unified diff.
import { explainRule } from '../../kubediff/compare/compare.js';
import { formatChangedBy } from '../../kubediff/output/describe.js';
import type { Difference, ObjectResult } from '../../kubediff/result.js';
import { anchorHref, formatValue, objectAnchor, objectName, plural } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { PageLimits } from './page-data.js';
import { searchText } from './filter.js';
import { renderUnifiedDiff } from './render-diff.js';
import { healthBadge } from './render-health.js';
import { describeSource } from '../../kubediff/sources/describe-source.js';

const ABSENT: Record<Difference['kind'], [string, string]> = {
  changed: ['', ''],
  'missing-live': ['', 'not set live'],
  'unexpected-live': ['not in git', ''],
};

function valueCell(value: unknown, absentText: string, limits: PageLimits): SafeHtml {
  if (value === undefined) return html`<td class="kd-absent">${absentText || 'not set'}</td>`;
  return html`<td><code>${formatValue(value, limits.valueChars)}</code></td>`;
}

/** Why a live-only value is drift, and who changed the live value (from managedFields). */
function changedByCell(d: Difference): SafeHtml {
  const reason = d.reason === 'hand-edit' ? 'changed by hand' : d.reason === 'removed-from-git' ? 'removed from git' : '';
  const who = d.changedBy ? formatChangedBy(d.changedBy) : '';
  if (!reason && !who) return html`<td class="kd-absent"></td>`;
  return html`<td>${reason ? html`<span class="kd-reason">${reason}</span>` : ''}${reason && who ? html`<br>` : ''}${who ? html`<code>${who}</code>` : ''}</td>`;
}

function differenceRows(differences: readonly Difference[], limits: PageLimits, withRule: boolean): SafeHtml {
  const rows = differences.slice(0, limits.differences).map((d) => {
    const [wantAbsent, haveAbsent] = ABSENT[d.kind];
    const rule = withRule ? html`<td><code>${d.rule ?? ''}</code></td>` : '';
    return html`<tr><td><code>${d.path}</code></td>${valueCell(d.want, wantAbsent, limits)}${valueCell(d.have, haveAbsent, limits)}${changedByCell(d)}${rule}</tr>`;
  });
  const more = differences.length - rows.length;
  const cols = withRule ? 5 : 4;
  const moreRow = more > 0 ? html`<tr><td colspan="${cols}" class="kd-absent">… ${plural(more, 'more difference')} (see the JSON)</td></tr>` : '';
  const ruleHead = withRule ? html`<th>hidden by rule</th>` : '';
  return html`<table class="kd-table"><thead><tr><th>path</th><th>git</th><th>live</th><th>changed by</th>${ruleHead}</tr></thead><tbody>${rows}${moreRow}</tbody></table>`;
}

/**
 * Once per rule behind the suppressed rows shown, the rule id and its one-line
 * explanation as visible text (phones have no hover for a tooltip). A rule id
 * this version does not know (e.g. a report from a newer checker) says so.
 */
export function ruleLegend(suppressed: readonly Difference[], limits: PageLimits): HtmlValue {
  const ids = [...new Set(suppressed.slice(0, limits.differences).flatMap((d) => (d.rule ? [d.rule] : [])))];
  if (ids.length === 0) return '';
  const items = ids.map((id) => html`<li><code class="kd-rule">${id}</code> ${explainRule(id) ?? 'a rule this version of kubediff does not know.'}</li>`);
  return html`<ul class="kd-rules">${items}</ul>`;
}

/** Attributes that let the script filter without a round trip. */
export function filterAttributes(object: ObjectResult): SafeHtml {
  return html`data-ns="${object.ref.namespace ?? ''}" data-kind="${object.ref.kind}" data-state="${object.state}" data-health="${object.health?.status ?? ''}" data-q="${searchText(object)}"`;
}

function summaryLine(object: ObjectResult): HtmlValue {
  if (object.state === 'error') return object.error?.message ?? 'error';
  if (object.state === 'missing') return 'in git, not in the cluster';
  const paths = object.differences.slice(0, 3).map((d) => d.path).join(', ');
  const more = object.differences.length > 3 ? `, +${object.differences.length - 3} more` : '';
  return `${plural(object.differences.length, 'difference')}: ${paths}${more}`;
}

function source(object: ObjectResult): string {
  const { file, line, document, build } = object.source;
  // Built manifests: the kustomization or render, its output's document, and the file kustomize says.
  if (build) return describeSource(object.source);
  return line !== undefined ? `${file}:${line}` : `${file} (document ${document + 1})`;
}

function summary(object: ObjectResult): SafeHtml {
  const anchor = objectAnchor(object.ref);
  return html`<summary><span class="kd-badge kd-${object.state}">${object.state}</span> ${healthBadge(object.health)} <a class="kd-anchor" href="${anchorHref(anchor)}">${object.ref.kind} <b>${objectName(object.ref)}</b></a> <span class="kd-what">${summaryLine(object)}</span></summary>`;
}

/** The full section for one object. */
export function renderObject(object: ObjectResult, limits: PageLimits): SafeHtml {
  const anchor = objectAnchor(object.ref);
  const body: HtmlValue[] = [html`<p class="kd-meta">${object.ref.apiVersion} · from <code>${source(object)}</code></p>`];
  if (object.error) {
    const status = object.error.status !== undefined ? ` (HTTP ${object.error.status})` : '';
    body.push(html`<p class="kd-error-text">${object.error.kind} error${status}: ${object.error.message}</p>`);
  }
  if (object.differences.length > 0) body.push(differenceRows(object.differences, limits, false));
  if (object.diff) body.push(renderUnifiedDiff(object.diff, limits.diffLines));
  if (object.suppressed.length > 0) {
    body.push(
      html`<details class="kd-suppressed" id="${anchor}/suppressed"><summary>${plural(object.suppressed.length, 'suppressed difference')} (not drift)</summary>${ruleLegend(object.suppressed, limits)}${differenceRows(object.suppressed, limits, true)}</details>`,
    );
  }
  return html`<details class="kd-obj" id="${anchor}" ${filterAttributes(object)}>${summary(object)}<div class="kd-body">${body}</div></details>`;
}

/** A one-line entry for objects beyond the page's detail bound. */
export function renderObjectLine(object: ObjectResult): SafeHtml {
  return html`<li class="kd-line" id="${objectAnchor(object.ref)}" ${filterAttributes(object)}><span class="kd-badge kd-${object.state}">${object.state}</span> ${healthBadge(object.health)} ${object.ref.kind} <b>${objectName(object.ref)}</b> <span class="kd-what">${summaryLine(object)}</span></li>`;
}
