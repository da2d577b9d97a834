// The page's Images section (with --check-images): the images that are not
// available first (absent and bad names, then the ones the registry could not
// answer for), each with why and the containers using it, then the available
// ones folded away. Bounded like the objects: the rest are counted and left
// to the JSON.
import type { ImageResult, ImageStatus } from '../../kubediff/images/types.js';
import type { CheckReport } from '../../kubediff/result.js';
import { formatTime, objectAnchor, objectName, plural } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import type { PageLimits } from './page-data.js';

/** Red: the rollout will not pull it. Amber: it could not be told. */
const TONE: Record<ImageStatus, string> = {
  absent: 'kd-error',
  'bad-image-name': 'kd-error',
  'authentication-failure': 'kd-drifted',
  'authorization-failure': 'kd-drifted',
  'registry-unavailable': 'kd-drifted',
  'unknown-error': 'kd-drifted',
  available: 'kd-in-sync',
};
const ORDER: readonly ImageStatus[] = ['absent', 'bad-image-name', 'authorization-failure', 'authentication-failure', 'registry-unavailable', 'unknown-error', 'available'];
const USES_SHOWN = 3;

function uses(image: ImageResult): SafeHtml {
  const shown = image.objects.slice(0, USES_SHOWN).map((use) => {
    const live = use.in.length === 1 && use.in[0] === 'live' ? html` <span class="kd-meta">(live only)</span>` : '';
    return html`<li><a href="#${objectAnchor(use.object)}">${use.object.kind} <b>${objectName(use.object)}</b></a> <span class="kd-meta">${use.container}</span>${live}</li>`;
  });
  const more = image.objects.length - shown.length;
  return html`<ul class="kd-uses">${shown}${more > 0 ? html`<li class="kd-absent">and ${plural(more, 'more container')}</li>` : ''}</ul>`;
}

function row(image: ImageResult): SafeHtml {
  const when = image.cached && image.checkedAt ? html` <span class="kd-meta">(answer of ${formatTime(image.checkedAt)})</span>` : '';
  return html`<tr><td><span class="kd-badge ${TONE[image.status]}">${image.status}</span></td><td><code>${image.image || '(no image)'}</code></td><td>${image.message ?? ''}${when}</td><td>${uses(image)}</td></tr>`;
}

function stats(report: CheckReport): HtmlValue {
  const s = report.imageStats;
  if (!s) return '';
  return html`<p class="kd-meta">${plural(s.checked, 'image')} asked of ${s.checked === 1 ? 'its registry' : 'their registries'} this run, ${s.cached} answered from earlier runs; ${plural(s.requests, 'request')} of ${s.budget} allowed.</p>`;
}

/** The Images section, or nothing without --check-images. */
export function renderImages(report: CheckReport | undefined, limits: PageLimits, jsonUrl: string): HtmlValue {
  const images = report?.images;
  if (!report || !images) return '';
  const notAvailable = images.filter((i) => i.status !== 'available').sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.image.localeCompare(b.image));
  const available = images.filter((i) => i.status === 'available');
  const listed = notAvailable.slice(0, limits.imagesListed);
  const more = notAvailable.length - listed.length;
  const table = listed.length > 0
    ? html`<table class="kd-table"><thead><tr><th>status</th><th>image</th><th>why</th><th>used by</th></tr></thead><tbody>${listed.map(row)}</tbody></table>`
    : html`<p class="kd-empty">${images.length === 0 ? 'The manifests run no container images.' : 'Every image is available in its registry.'}</p>`;
  const bound = more > 0 ? html`<p class="kd-bound">${plural(more, 'more image')} not available, not listed to keep this page small: see <a href="${jsonUrl}">the JSON</a>.</p>` : '';
  const availableItems = available.slice(0, limits.imagesListed).map((i) => html`<li><code>${i.image}</code>${i.digest ? html` <span class="kd-meta" title="${i.digest}">${i.digest.slice(0, 19)}</span>` : ''}</li>`);
  const availableMore = available.length - availableItems.length;
  const fold = available.length > 0
    ? html`<details class="kd-insync" id="kd-images-available"><summary>${plural(available.length, 'image')} available</summary><ul class="kd-lines">${availableItems}${availableMore > 0 ? html`<li class="kd-absent">… and ${availableMore} more (see the JSON)</li>` : ''}</ul></details>`
    : '';
  const headline = notAvailable.length > 0 ? html`${plural(notAvailable.length, 'image')} not available` : 'Images';
  return html`<section class="kd-images" id="kd-images"><h2>${headline} <span class="kd-count">${images.length}</span></h2>${stats(report)}${table}${bound}${fold}</section>`;
}
