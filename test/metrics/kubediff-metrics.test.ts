import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { createKubediffMetrics } from '../../src/metrics/kubediff-metrics.js';
import { makeObject, makeReport } from '../web/kubediff/report-fixture.js';

function objectSeries(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('kubediff_object_out_of_sync{'));
}

describe('createKubediffMetrics', () => {
  test('exports nothing before the first check', async () => {
    const registry = new Registry();
    createKubediffMetrics({ registry, maxObjectSeries: 10 });
    assert.equal(await registry.metrics(), '\n');
  });

  test('counts objects by state, differences, suppressed by rule, errors by kind and requests', async () => {
    const registry = new Registry();
    const metrics = createKubediffMetrics({ registry, maxObjectSeries: 10 });
    const report = makeReport([
      makeObject('Deployment', 'shop', 'web', 'drifted', { suppressed: [{ path: '.spec.replicas', kind: 'changed', want: 2, have: 5, rule: 'hpa-replicas' }], handEdited: true }),
      makeObject('ConfigMap', 'shop', 'settings', 'missing'),
      makeObject('Secret', 'shop', 'creds', 'error'),
      makeObject('Service', 'shop', 'web', 'in-sync'),
    ]);
    metrics.observeReport(report);
    metrics.observeReport(report);
    const text = await registry.metrics();
    for (const line of [
      'kubediff_objects{state="in-sync"} 1',
      'kubediff_objects{state="drifted"} 1',
      'kubediff_objects{state="missing"} 1',
      'kubediff_objects{state="error"} 1',
      'kubediff_differences 1',
      'kubediff_hand_edited_objects 1',
      'kubediff_suppressed_differences{rule="hpa-replicas"} 1',
      'kubediff_errors{kind="forbidden"} 1',
      'kubediff_errors{kind="manifest"} 0',
      'kubediff_api_requests_total{verb="list",result="200"} 8',
      'kubediff_object_series_dropped 0',
    ]) {
      assert.ok(text.includes(`\n${line}\n`), `missing ${line} in\n${text}`);
    }
    assert.deepEqual(objectSeries(text), [
      'kubediff_object_out_of_sync{object_kind="Secret",object_namespace="shop",object_name="creds",state="error"} 1',
      'kubediff_object_out_of_sync{object_kind="ConfigMap",object_namespace="shop",object_name="settings",state="missing"} 1',
      'kubediff_object_out_of_sync{object_kind="Deployment",object_namespace="shop",object_name="web",state="drifted"} 1',
    ]);
  });

  test('removes an object series once the object is back in sync or changes state', async () => {
    const registry = new Registry();
    const metrics = createKubediffMetrics({ registry, maxObjectSeries: 10 });
    metrics.observeReport(makeReport([makeObject('Deployment', 'shop', 'web', 'drifted'), makeObject('ConfigMap', 'shop', 'a', 'drifted')]));
    metrics.observeReport(makeReport([makeObject('Deployment', 'shop', 'web', 'in-sync'), makeObject('ConfigMap', 'shop', 'a', 'missing')]));
    const text = await registry.metrics();
    assert.deepEqual(objectSeries(text), [
      'kubediff_object_out_of_sync{object_kind="ConfigMap",object_namespace="shop",object_name="a",state="missing"} 1',
    ]);
  });

  test('keeps the per-object series when a check fails as a whole (it says nothing about objects)', async () => {
    const registry = new Registry();
    const metrics = createKubediffMetrics({ registry, maxObjectSeries: 10 });
    metrics.observeReport(makeReport([makeObject('Deployment', 'shop', 'web', 'drifted')]));
    metrics.observeReport(makeReport([], { errors: [{ kind: 'cluster', message: 'connection refused' }], exitCode: 1 }));
    const text = await registry.metrics();
    assert.equal(objectSeries(text).length, 1);
    assert.ok(text.includes('\nkubediff_errors{kind="cluster"} 1\n'));
    metrics.observeReport(makeReport([]));
    assert.deepEqual(objectSeries(await registry.metrics()), []);
  });

  test('caps per-object series, errors first, and counts what was dropped', async () => {
    const registry = new Registry();
    const metrics = createKubediffMetrics({ registry, maxObjectSeries: 2 });
    metrics.observeReport(
      makeReport([
        makeObject('Deployment', 'shop', 'a', 'drifted'),
        makeObject('Deployment', 'shop', 'b', 'drifted'),
        makeObject('Deployment', 'shop', 'c', 'missing'),
        makeObject('Deployment', 'shop', 'd', 'error'),
      ]),
    );
    const text = await registry.metrics();
    assert.deepEqual(
      objectSeries(text).map((line) => /object_name="(\w)"/.exec(line)?.[1]),
      ['d', 'c'],
    );
    assert.ok(text.includes('\nkubediff_object_series_dropped 2\n'));
  });

  test('suppressed rules seen before stay at 0', async () => {
    const registry = new Registry();
    const metrics = createKubediffMetrics({ registry, maxObjectSeries: 10 });
    metrics.observeReport(makeReport([makeObject('Deployment', 'shop', 'web', 'in-sync', { suppressed: [{ path: '.spec.replicas', kind: 'changed', rule: 'hpa-replicas' }] })]));
    metrics.observeReport(makeReport([makeObject('Deployment', 'shop', 'web', 'in-sync')]));
    assert.ok((await registry.metrics()).includes('\nkubediff_suppressed_differences{rule="hpa-replicas"} 0\n'));
  });

  test('passes promtool check metrics without findings', async () => {
    const registry = new Registry();
    const metrics = createKubediffMetrics({ registry, maxObjectSeries: 10 });
    metrics.observeReport(makeReport([makeObject('Deployment', 'shop', 'web', 'drifted'), makeObject('Namespace', undefined, 'shop', 'missing')]));
    const result = spawnSync('promtool', ['check', 'metrics'], { input: await registry.metrics(), encoding: 'utf8' });
    assert.equal(result.error, undefined, 'promtool must be installed (Debian package prometheus)');
    assert.equal(`${result.stdout}${result.stderr}`.trim(), '');
    assert.equal(result.status, 0);
  });
});
