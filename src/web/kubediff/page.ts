// The kubediff-mode page: a pure function from the runner's data to a whole
// HTML document. Scripts and styles are same-origin files (the server's CSP
// forbids inline ones); without JavaScript the page still filters (GET form)
// and refreshes (<noscript> meta refresh).
import { isFiltered } from './filter.js';
import { html } from './html.js';
import { DEFAULT_PAGE_LIMITS, type KubediffPageData, type PageFilter, type PageLimits } from './page-data.js';
import { renderDatalists, renderFilterForm } from './render-filter.js';
import { renderRollouts } from './render-health.js';
import { renderHistory } from './render-history.js';
import { renderImages } from './render-images.js';
import { renderObjects } from './render-objects.js';
import { renderStatus, verdict } from './render-status.js';

function results(data: KubediffPageData, filter: PageFilter, limits: PageLimits) {
  if (data.report) return renderObjects(data.report, filter, limits, data.links.json);
  if (data.lastRun) {
    return html`<p class="kd-empty">The last run produced no result to show (it was interrupted): see <a href="${data.links.text}">its output</a>.</p>`;
  }
  return html`<p class="kd-empty">No result yet.</p>`;
}

export function renderKubediffPage(
  data: KubediffPageData,
  filter: PageFilter,
  limits: PageLimits = DEFAULT_PAGE_LIMITS,
): string {
  const v = verdict(data);
  const refreshSeconds = Math.max(1, Math.ceil(data.refreshMs / 1000));
  const filtered = isFiltered(filter) ? ' (filtered)' : '';
  const styles = data.assets.styles.map((href) => html`<link rel="stylesheet" href="${href}">`);
  const { links } = data;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${v.headline}${filtered} · kubediff</title>
<noscript><meta http-equiv="refresh" content="${refreshSeconds}"></noscript>
${styles}
<script src="${data.assets.script}" defer></script>
</head>
<body class="kd-page" data-refresh-ms="${data.refreshMs}">
<header class="kd-top"><span class="kd-brand">kubediff</span> <code>${data.display}</code> <nav><a href="${links.json}">JSON</a> · <a href="${links.text}">text</a> · <a href="${links.metrics}">metrics</a></nav></header>
<main>
<div id="kd-status-region" data-live>${renderStatus(data)}</div>
<div id="kd-rollouts-region" data-live>${data.report ? renderRollouts(data.report, data.now, links.self, limits.rollouts ?? DEFAULT_PAGE_LIMITS.rollouts ?? 200) : ''}</div>
<div id="kd-images-region" data-live>${renderImages(data.report, limits, links.json)}</div>
${renderFilterForm(filter, links.self)}
${renderDatalists(data.report)}
<div id="kd-results" data-live>${results(data, filter, limits)}</div>
<div id="kd-history-region" data-live>${renderHistory(data.history, limits.runs)}</div>
</main>
</body>
</html>
`.value;
}
