// Rollout health on the page: a badge per object, and the "Rollouts" summary
// at the top, where the objects that are not Healthy are listed the worst
// first (Degraded, Progressing, Missing, Unknown, Suspended) with their
// reason and since when, each linking to the object below.
import { HEALTH_STATUSES } from '../../kubediff/health/index.js';
import type { CheckReport, HealthStatus, ObjectHealth, ObjectResult } from '../../kubediff/result.js';
import { anchorHref, formatRelative, formatTime, objectAnchor, objectName, plural } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

const RANK = new Map<HealthStatus, number>(HEALTH_STATUSES.map((status, i) => [status, i]));
const NAMES = new Intl.Collator('en', { numeric: true });

/** The health badge: its status in words (color is only a second cue), its reason as a tooltip. */
export function healthBadge(health: ObjectHealth | undefined): HtmlValue {
  if (!health) return '';
  return html`<span class="kd-badge kd-h kd-h-${health.status}" title="${health.reason}">${health.status}</span>`;
}

function byUrgency(a: ObjectResult, b: ObjectResult): number {
  const rank = (RANK.get(a.health!.status) ?? 0) - (RANK.get(b.health!.status) ?? 0);
  if (rank !== 0) return rank;
  // The longest-standing first: it has been broken longest.
  const since = (a.health!.since ?? '').localeCompare(b.health!.since ?? '');
  return since || NAMES.compare(objectName(a.ref), objectName(b.ref)) || NAMES.compare(a.ref.kind, b.ref.kind);
}

function item(object: ObjectResult, now: Date): SafeHtml {
  const health = object.health!;
  const since = health.since ? html` <span class="kd-meta">since <time datetime="${health.since}" title="${formatTime(health.since)}">${formatRelative(health.since, now)}</time></span>` : '';
  const pods = health.pods ? html` <span class="kd-meta">(${health.pods.ready}/${plural(health.pods.pods, 'pod')} ready${health.pods.restarts > 0 ? `, ${plural(health.pods.restarts, 'restart')} since the last run` : ''})</span>` : '';
  return html`<li class="kd-rollout" data-health="${health.status}">${healthBadge(health)} <a href="${anchorHref(objectAnchor(object.ref))}">${object.ref.kind} <b>${objectName(object.ref)}</b></a> <span class="kd-what">${health.reason}</span>${since}${pods}</li>`;
}

/** The summary: counts by status (each a link to the page filtered on it), then the objects that are not Healthy. */
export function renderRollouts(report: CheckReport, now: Date, selfUrl: string, listed: number): SafeHtml {
  const counts = report.totals.health;
  const withHealth = report.objects.filter((o) => o.health);
  if (!counts || withHealth.length === 0) return html`<section class="kd-rollouts" id="kd-rollouts"></section>`;
  const attention = withHealth.filter((o) => o.health!.status !== 'Healthy').sort(byUrgency);
  const badges = HEALTH_STATUSES.map((status) => {
    const count = counts[status] ?? 0;
    return html`<a class="kd-badge kd-h kd-h-${status}${count === 0 ? ' kd-zero' : ''}" href="${selfUrl}?health=${status}">${count} ${status}</a>`;
  });
  const items = attention.slice(0, listed).map((o) => item(o, now));
  const more = attention.length - items.length;
  const moreItem = more > 0 ? html`<li class="kd-absent">… and ${plural(more, 'more object')}: filter by health to see them.</li>` : '';
  const body = attention.length === 0 ? html`<p class="kd-meta">Every object is Healthy.</p>` : html`<ul class="kd-rollout-list">${items}${moreItem}</ul>`;
  return html`<section class="kd-rollouts" id="kd-rollouts"><h2>Rollouts</h2><p class="kd-counts">${badges}</p>${body}</section>`;
}
