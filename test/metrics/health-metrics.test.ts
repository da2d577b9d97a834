// Health metrics: every status counted (0 when none), one series per object
// that is not Healthy, appearing and disappearing with it and capped by
// --max-object-series, and pod restarts counted across runs with --pods.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { HealthStatus, ObjectResult } from '../../src/kubediff/result.js';
import { createHealthMetrics } from '../../src/metrics/health-metrics.js';
import { makeObject, makeReport } from '../web/kubediff/report-fixture.js';

function object(kind: string, name: string, status: HealthStatus, pods?: { pods: number; ready: number; restarts: number }): ObjectResult {
  return makeObject(kind, 'shop', name, status === 'Missing' ? 'missing' : 'in-sync', { health: { status, reason: 'why', ...(pods ? { pods } : {}) } });
}

const lines = (text: string, prefix: string) => text.split('\n').filter((line) => line.startsWith(prefix));

describe('createHealthMetrics', () => {
  test('exports nothing before the first check', async () => {
    const registry = new Registry();
    createHealthMetrics({ registry, maxObjectSeries: 10 });
    assert.equal(await registry.metrics(), '\n');
  });

  test('every status is counted, 0 when none; a series per object that is not Healthy, the worst first', async () => {
    const registry = new Registry();
    const metrics = createHealthMetrics({ registry, maxObjectSeries: 10 });
    metrics.observeReport(makeReport([object('Deployment', 'web', 'Degraded'), object('Deployment', 'api', 'Progressing'), object('ConfigMap', 'gone', 'Missing'), object('Service', 'web', 'Healthy')]));
    const text = await registry.metrics();
    assert.deepEqual(lines(text, 'kubediff_objects_health{'), [
      'kubediff_objects_health{status="Degraded"} 1',
      'kubediff_objects_health{status="Progressing"} 1',
      'kubediff_objects_health{status="Missing"} 1',
      'kubediff_objects_health{status="Unknown"} 0',
      'kubediff_objects_health{status="Suspended"} 0',
      'kubediff_objects_health{status="Healthy"} 1',
    ]);
    assert.deepEqual(lines(text, 'kubediff_object_health{'), [
      'kubediff_object_health{object_kind="Deployment",object_namespace="shop",object_name="web",status="Degraded"} 1',
      'kubediff_object_health{object_kind="Deployment",object_namespace="shop",object_name="api",status="Progressing"} 1',
      'kubediff_object_health{object_kind="ConfigMap",object_namespace="shop",object_name="gone",status="Missing"} 1',
    ]);
    assert.ok(text.includes('\nkubediff_object_health_series_dropped 0\n'));
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  test('a series disappears once its object is Healthy, and moves when its status changes', async () => {
    const registry = new Registry();
    const metrics = createHealthMetrics({ registry, maxObjectSeries: 10 });
    metrics.observeReport(makeReport([object('Deployment', 'web', 'Progressing'), object('Deployment', 'api', 'Progressing')]));
    metrics.observeReport(makeReport([object('Deployment', 'web', 'Healthy'), object('Deployment', 'api', 'Degraded')]));
    const text = await registry.metrics();
    assert.deepEqual(lines(text, 'kubediff_object_health{'), ['kubediff_object_health{object_kind="Deployment",object_namespace="shop",object_name="api",status="Degraded"} 1']);
  });

  test('--max-object-series caps the series, keeping the worst, and counts the rest', async () => {
    const registry = new Registry();
    const metrics = createHealthMetrics({ registry, maxObjectSeries: 2 });
    metrics.observeReport(makeReport([object('Deployment', 'a', 'Suspended'), object('Deployment', 'b', 'Progressing'), object('Deployment', 'c', 'Degraded'), object('Deployment', 'd', 'Progressing')]));
    const text = await registry.metrics();
    assert.deepEqual(lines(text, 'kubediff_object_health{').map((l) => l.replace(/.*object_name="(\w)",status="(\w+)".*/, '$1 $2')), ['c Degraded', 'b Progressing']);
    assert.ok(text.includes('\nkubediff_object_health_series_dropped 2\n'));
  });

  test('pod restarts: a counter per workload with --pods, from 0, adding each run\'s restarts; gone with the workload', async () => {
    const registry = new Registry();
    const metrics = createHealthMetrics({ registry, maxObjectSeries: 10 });
    const run = async (restarts: number, withWorkload = true) => {
      metrics.observeReport(makeReport(withWorkload ? [object('Deployment', 'web', 'Degraded', { pods: 2, ready: 1, restarts })] : [object('ConfigMap', 'x', 'Healthy')]));
      return lines(await registry.metrics(), 'kubediff_pod_restarts_total{');
    };
    assert.deepEqual(await run(0), ['kubediff_pod_restarts_total{object_kind="Deployment",object_namespace="shop",object_name="web"} 0']);
    assert.deepEqual(await run(3), ['kubediff_pod_restarts_total{object_kind="Deployment",object_namespace="shop",object_name="web"} 3']);
    assert.deepEqual(await run(2), ['kubediff_pod_restarts_total{object_kind="Deployment",object_namespace="shop",object_name="web"} 5']);
    assert.deepEqual(await run(0, false), []);
  });

  test('a check that failed as a whole leaves the series as they were', async () => {
    const registry = new Registry();
    const metrics = createHealthMetrics({ registry, maxObjectSeries: 10 });
    metrics.observeReport(makeReport([object('Deployment', 'web', 'Degraded')]));
    metrics.observeReport(makeReport([], { errors: [{ kind: 'cluster', message: 'unreachable' }] }));
    assert.equal(lines(await registry.metrics(), 'kubediff_object_health{').length, 1);
  });
});
