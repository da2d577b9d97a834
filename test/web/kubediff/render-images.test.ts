import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ImageResult, ImageStatus } from '../../../src/kubediff/images/types.js';
import { NO_FILTER } from '../../../src/web/kubediff/filter.js';
import { renderKubediffPage } from '../../../src/web/kubediff/page.js';
import { DEFAULT_PAGE_LIMITS } from '../../../src/web/kubediff/page-data.js';
import { makeObject, makePageData, makeReport } from './report-fixture.js';

const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

function image(name: string, status: ImageStatus, extra: Partial<ImageResult> = {}): ImageResult {
  return {
    image: name, status, cached: false, checkedAt: '2026-11-22T12:59:00.000Z', registry: 'registry.example.com',
    objects: [{ object: web, container: 'app', field: 'containers', in: ['git'] }],
    ...(status === 'available' ? { digest: `sha256:${'b'.repeat(64)}` } : { message: `why ${name}` }),
    ...extra,
  };
}

function page(images: readonly ImageResult[] | undefined, limits = DEFAULT_PAGE_LIMITS): string {
  const report = makeReport([makeObject('Deployment', 'shop', 'web', 'in-sync')], images ? { images, imageStats: { images: images.length, checked: 2, cached: 1, requests: 3, budget: 1000, byRegistry: [] } } : {});
  return renderKubediffPage(makePageData(report), NO_FILTER, limits);
}

describe('the page\'s Images section', () => {
  test('absent: not available images first with why and who uses them, the available ones folded', () => {
    const html = page([image('r/app:1', 'available'), image('r/app:9', 'absent'), image('r/x:1', 'registry-unavailable'), image('r/Bad', 'bad-image-name')]);
    const section = html.slice(html.indexOf('<section class="kd-images"'), html.indexOf('</section>', html.indexOf('<section class="kd-images"')));
    assert.match(section, /<h2>3 images not available <span class="kd-count">4<\/span><\/h2>/);
    const order = ['r/app:9', 'r/Bad', 'r/x:1'].map((name) => section.indexOf(`<code>${name}</code>`));
    assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)), `absent, bad name, then unavailable: ${order.join(',')}`);
    assert.match(section, /<span class="kd-badge kd-error">absent<\/span><\/td><td><code>r\/app:9<\/code><\/td><td>why r\/app:9<\/td>/);
    assert.match(section, /<a href="#Deployment\/shop\/web">Deployment <b>shop\/web<\/b><\/a> <span class="kd-meta">app<\/span>/);
    assert.match(section, /<details class="kd-insync" id="kd-images-available"><summary>1 image available<\/summary><ul class="kd-lines"><li><code>r\/app:1<\/code>/);
    assert.match(section, /2 images asked of their registries this run, 1 answered from earlier runs; 3 requests of 1000 allowed/);
    assert.ok(html.indexOf('id="kd-images-region" data-live') < html.indexOf('id="kd-results"'), 'near the top, refreshed in place');
  });

  test('no section without --check-images; a sentence when every image is available', () => {
    assert.equal(page(undefined).includes('kd-images'), true, 'the region is there for the refresh');
    assert.equal(page(undefined).includes('<section class="kd-images"'), false);
    assert.match(page([image('r/app:1', 'available')]), /Every image is available in its registry\./);
    assert.match(page([]), /The manifests run no container images\./);
  });

  test('cached answers say when; live-only uses say so; long lists are bounded and counted', () => {
    const many = Array.from({ length: 7 }, (_, i) => image(`r/gone:${i}`, 'absent', {
      cached: true,
      objects: Array.from({ length: 5 }, (_, j) => ({ object: { ...web, name: `web-${j}` }, container: 'app', field: 'containers' as const, in: j === 0 ? ['live' as const] : ['git' as const] })),
    }));
    const html = page(many, { ...DEFAULT_PAGE_LIMITS, imagesListed: 5 });
    assert.match(html, /\(answer of 2026-11-22 12:59:00 UTC\)/);
    assert.match(html, /<span class="kd-meta">\(live only\)<\/span>/);
    assert.match(html, /and 2 more containers/);
    assert.match(html, /2 more images not available, not listed to keep this page small/);
    assert.equal(html.match(/<code>r\/gone:/g)?.length, 5);
  });

  test('escapes image names, messages and object names', () => {
    const html = page([image('<img src=x onerror=alert(1)>', 'bad-image-name', { message: '<script>alert(2)</script>', objects: [{ object: { ...web, name: '<b>x</b>' }, container: '<i>c</i>', field: 'containers', in: ['git'] }] })]);
    assert.equal(html.includes('<img src=x'), false);
    assert.equal(html.includes('<script>alert(2)'), false);
    assert.equal(html.includes('<i>c</i>'), false);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });
});
