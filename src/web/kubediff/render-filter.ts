// The filter form: a plain GET form (works without JavaScript; the server
// renders the filtered page), which the page script turns into instant
// filtering. It sits outside the refreshed regions so typing is never lost.
import { HEALTH_STATUSES } from '../../kubediff/health/index.js';
import type { CheckReport } from '../../kubediff/result.js';
import { html, type SafeHtml } from './html.js';
import type { PageFilter } from './page-data.js';

const STATE_OPTIONS: readonly [string, string][] = [
  ['', 'any state'],
  ['drifted', 'drifted'],
  ['missing', 'missing'],
  ['error', 'error'],
  ['in-sync', 'in sync'],
];

const HEALTH_OPTIONS: readonly [string, string][] = [['', 'any health'], ...HEALTH_STATUSES.map((status): [string, string] => [status, status])];

export function renderFilterForm(filter: PageFilter, selfUrl: string): SafeHtml {
  const options = STATE_OPTIONS.map(
    ([value, label]) => html`<option value="${value}"${filter.state === value ? html` selected` : ''}>${label}</option>`,
  );
  const healthOptions = HEALTH_OPTIONS.map(
    ([value, label]) => html`<option value="${value}"${(filter.health ?? '') === value ? html` selected` : ''}>${label}</option>`,
  );
  return html`<form class="kd-filter" id="kd-filter" method="get" action="${selfUrl}" role="search"><label>namespace <input name="ns" list="kd-ns-list" value="${filter.namespace}" autocomplete="off"></label> <label>kind <input name="kind" list="kd-kind-list" value="${filter.kind}" autocomplete="off"></label> <label>state <select name="state">${options}</select></label> <label>health <select name="health">${healthOptions}</select></label> <label>search <input type="search" name="q" value="${filter.query}" placeholder="name, path, file"></label> <button type="submit">Filter</button> <a href="${selfUrl}" id="kd-filter-reset">clear</a></form>`;
}

/** Suggestions for the namespace and kind inputs; refreshed with the data. */
export function renderDatalists(report: CheckReport | undefined): SafeHtml {
  const objects = report?.objects ?? [];
  const namespaces = [...new Set(objects.map((o) => o.ref.namespace).filter((n): n is string => !!n))].sort();
  const kinds = [...new Set(objects.map((o) => o.ref.kind))].sort();
  return html`<div id="kd-datalists" data-live><datalist id="kd-ns-list">${namespaces.map((n) => html`<option value="${n}"></option>`)}</datalist><datalist id="kd-kind-list">${kinds.map((k) => html`<option value="${k}"></option>`)}</datalist></div>`;
}
