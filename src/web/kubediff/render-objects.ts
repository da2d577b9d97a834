// The objects part of the page: run-level errors, then the objects that are
// not in sync grouped by namespace and kind (errors, missing, drifted first
// within a group), bounded in size, then the in-sync objects folded away.
import type { CheckError, CheckReport, ObjectResult } from '../../kubediff/result.js';
import { isFiltered, matchesFilter } from './filter.js';
import { objectAnchor, objectName, plural } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { PageFilter, PageLimits } from './page-data.js';
import { filterAttributes, renderObject, renderObjectLine, ruleLegend } from './render-object.js';
import { healthBadge } from './render-health.js';
import { renderPruned } from './render-pruned.js';

const STATE_ORDER: Record<ObjectResult['state'], number> = { error: 0, missing: 1, drifted: 2, 'in-sync': 3 };

// Numeric-aware, so app-2 comes before app-10.
const NAMES = new Intl.Collator('en', { numeric: true });

function compareObjects(a: ObjectResult, b: ObjectResult): number {
  const ns = NAMES.compare(a.ref.namespace ?? '', b.ref.namespace ?? '');
  if (ns !== 0) return ns;
  const kind = NAMES.compare(a.ref.kind, b.ref.kind);
  if (kind !== 0) return kind;
  return STATE_ORDER[a.state] - STATE_ORDER[b.state] || NAMES.compare(a.ref.name, b.ref.name);
}

function groupKey(object: ObjectResult): string {
  return `${object.ref.namespace ?? ''}\u0000${object.ref.kind}`;
}

function errorLocation(error: CheckError): string {
  const parts: string[] = [];
  if (error.file) parts.push(error.line !== undefined ? `${error.file}:${error.line}` : error.file);
  if (error.document !== undefined && error.line === undefined) parts.push(`document ${error.document + 1}`);
  if (error.object) parts.push(`${error.object.kind} ${objectName(error.object)}`);
  if (error.status !== undefined) parts.push(`HTTP ${error.status}`);
  return parts.join(', ');
}

function renderRunErrors(errors: readonly CheckError[], limit: number, jsonUrl: string): HtmlValue {
  if (errors.length === 0) return '';
  const items = errors.slice(0, limit).map((e) => {
    const where = errorLocation(e);
    return html`<li><span class="kd-badge kd-error">${e.kind}</span> ${where ? html`<code>${where}</code>: ` : ''}${e.message}</li>`;
  });
  const more = errors.length - items.length;
  const moreItem = more > 0 ? html`<li class="kd-absent">… and ${plural(more, 'more error')}: see <a href="${jsonUrl}">the JSON</a>.</li>` : '';
  return html`<section class="kd-errors" id="kd-run-errors"><h2>${plural(errors.length, 'error')} in this run</h2><ul>${items}${moreItem}</ul></section>`;
}

interface Placed {
  readonly detailed: SafeHtml[];
  readonly lines: SafeHtml[];
}

function renderGroups(objects: readonly ObjectResult[], limits: PageLimits): { html: SafeHtml; detailed: number; listed: number; unlisted: number } {
  const groups = new Map<string, { first: ObjectResult; placed: Placed; count: number }>();
  let detailed = 0;
  let bytes = 0;
  let listed = 0;
  let unlisted = 0;
  for (const object of objects) {
    const key = groupKey(object);
    let group = groups.get(key);
    if (!group) {
      group = { first: object, placed: { detailed: [], lines: [] }, count: 0 };
      groups.set(key, group);
    }
    group.count++;
    if (detailed < limits.detailedObjects && bytes < limits.detailBytes) {
      const section = renderObject(object, limits);
      detailed++;
      bytes += section.value.length;
      group.placed.detailed.push(section);
    } else if (listed < limits.listedObjects) {
      listed++;
      group.placed.lines.push(renderObjectLine(object));
    } else {
      unlisted++;
    }
  }
  const sections = [...groups.values()].map(({ first, placed, count }) => {
    const ns = first.ref.namespace ?? '';
    const title = ns ? html`<span class="kd-ns">${ns}</span> · ${first.ref.kind}` : html`<span class="kd-ns">cluster</span> · ${first.ref.kind}`;
    const lines = placed.lines.length > 0 ? html`<ul class="kd-lines">${placed.lines}</ul>` : '';
    return html`<section class="kd-group" data-group><h3>${title} <span class="kd-count">${count}</span></h3>${placed.detailed}${lines}</section>`;
  });
  return { html: html`${sections}`, detailed, listed, unlisted };
}

/** What was hidden in an object that is in sync: the rules, by id (explained once below the list). */
function hiddenBy(object: ObjectResult): HtmlValue {
  if (object.suppressed.length === 0) return '';
  const ids = [...new Set(object.suppressed.map((d) => d.rule ?? 'unknown'))];
  return html` <span class="kd-what">${plural(object.suppressed.length, 'difference')} hidden by ${ids.map((id, i) => html`${i > 0 ? ', ' : ''}<code class="kd-rule">${id}</code>`)}</span>`;
}

function renderInSync(objects: readonly ObjectResult[], filter: PageFilter, limits: PageLimits): HtmlValue {
  if (objects.length === 0) return '';
  const shown = objects.slice(0, limits.inSyncListed);
  const items = shown.map((o) => html`<li id="${objectAnchor(o.ref)}" ${filterAttributes(o)}>${o.health && o.health.status !== 'Healthy' ? html`${healthBadge(o.health)} ` : ''}${o.ref.kind} <b>${objectName(o.ref)}</b>${hiddenBy(o)}</li>`);
  const more = objects.length - items.length;
  const moreItem = more > 0 ? html`<li class="kd-absent">… and ${more} more (see the JSON)</li>` : '';
  const open = filter.state === 'in-sync' || filter.health ? html` open` : '';
  const legend = ruleLegend(shown.flatMap((o) => o.suppressed), { ...limits, differences: Number.MAX_SAFE_INTEGER });
  return html`<details class="kd-insync" id="kd-in-sync"${open}><summary>${plural(objects.length, 'object')} in sync</summary><ul class="kd-lines">${items}${moreItem}</ul>${legend}</details>`;
}

function emptyText(report: CheckReport, totalOutOfSync: number): string {
  // An error is never shown as "in sync": with no objects checked, say so.
  if (report.objects.length === 0) return report.errors.length > 0 ? 'No object was checked: see the errors above.' : 'The manifests hold no objects.';
  return totalOutOfSync === 0 ? 'Every object matches git.' : 'No object that is not in sync matches the filter.';
}

/** Everything about the report's objects, filtered server-side (the script then filters instantly). */
export function renderObjects(report: CheckReport, filter: PageFilter, limits: PageLimits, jsonUrl: string): SafeHtml {
  const sorted = report.objects.filter((o) => matchesFilter(o, filter)).sort(compareObjects);
  const outOfSync = sorted.filter((o) => o.state !== 'in-sync');
  const inSync = sorted.filter((o) => o.state === 'in-sync');
  const totalOutOfSync = report.objects.length - report.totals.inSync;
  const { html: groups, detailed, listed, unlisted } = renderGroups(outOfSync, limits);

  const shown = isFiltered(filter)
    ? html`<p class="kd-shown" id="kd-shown">Filter matches ${plural(sorted.length, 'object')} of ${report.objects.length} (${outOfSync.length} not in sync).</p>`
    : '';
  const empty = outOfSync.length === 0 ? html`<p class="kd-empty">${emptyText(report, totalOutOfSync)}</p>` : '';
  const lines =
    listed > 0
      ? html`<p class="kd-bound">To keep this page small, the first ${detailed} objects are shown in full and ${plural(listed, 'more object')} as one line each: their differences are in <a href="${jsonUrl}">the JSON</a>, or filter the page to see fewer objects in full.</p>`
      : '';
  const bound =
    unlisted > 0
      ? html`<p class="kd-bound">${plural(unlisted, 'more object')} not shown to keep this page small: see <a href="${jsonUrl}">the JSON</a>.</p>`
      : '';
  return html`${renderRunErrors(report.errors, limits.runErrors, jsonUrl)}${shown}${lines}<div id="kd-objects">${groups}${empty}${bound}</div>${renderPruned(sorted, limits)}${renderInSync(inSync, filter, limits)}`;
}
