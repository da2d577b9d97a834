import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { ImageResult, ImageStatus } from '../../src/kubediff/images/types.js';
import { createImageMetrics, MAX_REGISTRY_LABELS } from '../../src/metrics/image-metrics.js';
import { makeReport } from '../web/kubediff/report-fixture.js';

function image(name: string, status: ImageStatus, extra: Partial<ImageResult> = {}): ImageResult {
  return { image: name, status, cached: false, checkedAt: '2026-11-22T12:59:00.000Z', registry: name.split('/')[0], objects: [], ...extra };
}

const series = (text: string) => text.split('\n').filter((line) => line.startsWith('kubediff_image_availability{'));

describe('createImageMetrics', () => {
  test('nothing without --check-images', async () => {
    const registry = new Registry();
    createImageMetrics({ registry, maxImageSeries: 10 }).observeReport(makeReport([]));
    assert.equal(await registry.metrics(), '\n');
  });

  test('one availability series per image at its current status; a changed status replaces the series', async () => {
    const registry = new Registry();
    const metrics = createImageMetrics({ registry, maxImageSeries: 10 });
    metrics.observeReport(makeReport([], { images: [image('r.io/app:1', 'available'), image('r.io/app:2', 'absent')] }));
    assert.deepEqual(series(await registry.metrics()).sort(), [
      'kubediff_image_availability{image="r.io/app:1",status="available"} 1',
      'kubediff_image_availability{image="r.io/app:2",status="absent"} 1',
    ]);
    metrics.observeReport(makeReport([], { images: [image('r.io/app:2', 'available', { cached: true })] }));
    const text = await registry.metrics();
    assert.deepEqual(series(text), ['kubediff_image_availability{image="r.io/app:2",status="available"} 1']);
    assert.ok(text.includes('kubediff_images{status="absent"} 0'));
    assert.ok(text.includes('kubediff_images{status="available"} 1'));
    // Checks counts what was asked: the first run's two, not the cached answer.
    assert.ok(text.includes('kubediff_image_checks_total{registry="r.io",result="available"} 1'));
    assert.ok(text.includes('kubediff_image_checks_total{registry="r.io",result="absent"} 1'));
  });

  test('bounded like the object series: images that are not available are kept first, the rest counted', async () => {
    const registry = new Registry();
    const metrics = createImageMetrics({ registry, maxImageSeries: 2 });
    metrics.observeReport(makeReport([], { images: [image('a/ok:1', 'available'), image('b/gone:1', 'absent'), image('c/ok:2', 'available'), image('d/x', 'bad-image-name', { registry: undefined, checkedAt: undefined })] }));
    const text = await registry.metrics();
    assert.deepEqual(series(text).map((l) => l.replace(/ 1$/, '')), ['kubediff_image_availability{image="b/gone:1",status="absent"}', 'kubediff_image_availability{image="d/x",status="bad-image-name"}']);
    assert.ok(text.includes('kubediff_image_series_dropped 2'));
  });

  test('requests per registry; registry labels capped', async () => {
    const registry = new Registry();
    const metrics = createImageMetrics({ registry, maxImageSeries: 1000 });
    const images = Array.from({ length: MAX_REGISTRY_LABELS + 5 }, (_, i) => image(`r${i}.example/app:1`, 'available'));
    metrics.observeReport(makeReport([], {
      images,
      imageStats: { images: images.length, checked: images.length, cached: 0, requests: 3, budget: 1000, byRegistry: [{ registry: 'r0.example', kind: 'manifest', result: '200', count: 2 }, { registry: 'r0.example', kind: 'token', result: '200', count: 1 }] },
    }));
    const text = await registry.metrics();
    assert.ok(text.includes('kubediff_registry_requests_total{registry="r0.example",kind="manifest",result="200"} 2'));
    const labels = new Set([...text.matchAll(/kubediff_image_checks_total\{registry="([^"]+)"/g)].map((m) => m[1]));
    assert.equal(labels.size, MAX_REGISTRY_LABELS + 1);
    assert.ok(text.includes('kubediff_image_checks_total{registry="other",result="available"} 5'));
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});
