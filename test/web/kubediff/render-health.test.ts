// Rollout health on the page: the Rollouts summary lists what is not Healthy,
// Degraded first, a badge sits on every object, health filters like state
// (server side, without JavaScript), and every reason is escaped.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HealthStatus, ObjectResult } from '../../../src/kubediff/result.js';
import { NO_FILTER, parsePageFilter } from '../../../src/web/kubediff/filter.js';
import { renderKubediffPage } from '../../../src/web/kubediff/page.js';
import { makeObject, makePageData, makeReport } from './report-fixture.js';

const SCRIPT = '<script>alert(1)</script>';

function withHealth(kind: string, name: string, status: HealthStatus, reason: string, extra: Partial<ObjectResult> = {}): ObjectResult {
  return makeObject(kind, 'shop', name, status === 'Missing' ? 'missing' : 'in-sync', { health: { status, reason, since: '2026-11-22T12:40:05.000Z' }, ...extra });
}

const report = () =>
  makeReport([
    withHealth('Deployment', 'api', 'Progressing', '2 of 4 replicas updated'),
    withHealth('CronJob', 'backup', 'Suspended', 'CronJob suspended (spec.suspend)'),
    withHealth('Deployment', 'web', 'Degraded', 'ProgressDeadlineExceeded: ReplicaSet "web-6d4b9c7f8b" has timed out progressing.', { health: { status: 'Degraded', reason: 'ProgressDeadlineExceeded: ReplicaSet "web-6d4b9c7f8b" has timed out progressing.', since: '2026-11-22T12:50:00.000Z', pods: { pods: 4, ready: 3, restarts: 7 } } }),
    withHealth('ConfigMap', 'settings', 'Missing', 'in git, not in the cluster'),
    withHealth('Service', 'web', 'Healthy', 'ClusterIP'),
    withHealth('Certificate', 'tls', 'Degraded', `Failed: ${SCRIPT}`),
  ]);

/** The Rollouts section's items as `status kind name`, in page order. */
function rollouts(page: string): string[] {
  const section = /<section class="kd-rollouts" id="kd-rollouts">(.*?)<\/section>/s.exec(page)?.[1] ?? '';
  return [...section.matchAll(/<li class="kd-rollout" data-health="(\w+)">.*?<a href="#([^"]+)">/g)].map((m) => `${m[1]} ${decodeURI(m[2] ?? '')}`);
}

describe('rollout health on the page', () => {
  test('the Rollouts summary lists every object that is not Healthy, Degraded first, the oldest first within a status', () => {
    const page = renderKubediffPage(makePageData(report()), NO_FILTER);
    assert.deepEqual(rollouts(page), [
      'Degraded Certificate/shop/tls',
      'Degraded Deployment/shop/web',
      'Progressing Deployment/shop/api',
      'Missing ConfigMap/shop/settings',
      'Suspended CronJob/shop/backup',
    ]);
    assert.ok(page.indexOf('id="kd-rollouts"') < page.indexOf('id="kd-filter"'), 'at the top, before the filter and the objects');
    assert.match(page, /<a class="kd-badge kd-h kd-h-Degraded" href="\/\?health=Degraded">2 Degraded<\/a>/);
    assert.match(page, /<a class="kd-badge kd-h kd-h-Unknown kd-zero" href="\/\?health=Unknown">0 Unknown<\/a>/);
    // Reason, since when, and with --pods what the pods say.
    assert.match(page, /has timed out progressing\.<\/span> <span class="kd-meta">since <time datetime="2026-11-22T12:50:00.000Z"[^>]*>10m05s ago<\/time><\/span> <span class="kd-meta">\(3\/4 pods ready, 7 restarts since the last run\)<\/span>/);
  });

  test('every object carries a health badge, in sync or not', () => {
    const page = renderKubediffPage(makePageData(report()), NO_FILTER);
    assert.match(page, /<summary><span class="kd-badge kd-missing">missing<\/span> <span class="kd-badge kd-h kd-h-Missing" title="in git, not in the cluster">Missing<\/span>/);
    // In-sync objects are folded away; those not Healthy show their badge there too.
    assert.match(page, /<li id="Deployment\/shop\/web" [^>]*data-health="Degraded"[^>]*><span class="kd-badge kd-h kd-h-Degraded"/);
    assert.match(page, /<li id="Service\/shop\/web" [^>]*data-health="Healthy"[^>]*>Service <b>/);
  });

  test('health filters like state, on the server: ?health=Degraded keeps only Degraded objects and opens their fold', () => {
    const filter = parsePageFilter(new URLSearchParams('health=Degraded'));
    assert.equal(filter.health, 'Degraded');
    const page = renderKubediffPage(makePageData(report()), filter);
    const objects = [...page.matchAll(/<li id="([^"]+)" data-ns/g)].map((m) => m[1]);
    assert.deepEqual(objects, ['Certificate/shop/tls', 'Deployment/shop/web']);
    assert.match(page, /<details class="kd-insync" id="kd-in-sync" open>/);
    assert.match(page, /<option value="Degraded" selected>Degraded<\/option>/);
    assert.equal(parsePageFilter(new URLSearchParams('health=Broken')).health, '', 'an unknown status is ignored');
  });

  test('reasons come from the cluster: escaped everywhere', () => {
    const page = renderKubediffPage(makePageData(report()), NO_FILTER);
    assert.equal(page.includes('<script>alert'), false);
    assert.ok(page.includes('Failed: &lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  test('every object Healthy: the summary says so', () => {
    const page = renderKubediffPage(makePageData(makeReport([withHealth('Service', 'web', 'Healthy', 'ClusterIP')])), NO_FILTER);
    assert.deepEqual(rollouts(page), []);
    assert.match(page, /Every object is Healthy\./);
  });
});
