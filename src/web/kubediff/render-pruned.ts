// "git has fields the API server drops": the objects whose manifest holds
// fields the cluster's schema does not declare (rule `pruned`). Not drift,
// and the objects may well be in sync, but people want to know that their
// manifests carry dead fields, so they get their own fold, bounded.
import type { ObjectResult } from '../../kubediff/result.js';
import { anchorHref, objectAnchor, objectName, plural } from './format.js';
import { html, type HtmlValue } from './html.js';
import type { PageLimits } from './page-data.js';

function prunedPaths(object: ObjectResult): string[] {
  return object.suppressed.filter((d) => d.rule === 'pruned').map((d) => d.path);
}

/** The fold for the objects (already filtered and sorted) with pruned fields; empty when there are none. */
export function renderPruned(objects: readonly ObjectResult[], limits: PageLimits): HtmlValue {
  const pruned = objects.filter((o) => o.suppressed.some((d) => d.rule === 'pruned'));
  if (pruned.length === 0) return '';
  const items = pruned.slice(0, limits.inSyncListed).map((o) => {
    const paths = prunedPaths(o);
    const shown = paths.slice(0, limits.differences);
    const more = paths.length > shown.length ? ` and ${plural(paths.length - shown.length, 'more field')}` : '';
    const { file, line, document } = o.source;
    const where = line !== undefined ? `${file}:${line}` : `${file} (document ${document + 1})`;
    return html`<li><a href="${anchorHref(objectAnchor(o.ref))}">${o.ref.kind} <b>${objectName(o.ref)}</b></a>: <code>${shown.join(', ')}</code>${more} <span class="kd-meta">(${where})</span></li>`;
  });
  const rest = pruned.length - items.length;
  const restItem = rest > 0 ? html`<li class="kd-absent">… and ${rest} more (see the JSON)</li>` : '';
  return html`<details class="kd-insync" id="kd-pruned"><summary>git has fields the API server drops: ${plural(pruned.length, 'object')}</summary><p class="kd-meta">The cluster's schema does not declare these fields, so the API server drops them on every apply: not drift, but dead fields in the manifests (rule <code class="kd-rule">pruned</code>).</p><ul class="kd-lines">${items}${restItem}</ul></details>`;
}
