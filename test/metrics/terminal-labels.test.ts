// /metrics is read by people too (curl on a terminal): object names holding
// control characters (RBAC and custom kinds may) are exported escaped, and
// the text still passes promtool.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { createHealthMetrics } from '../../src/metrics/health-metrics.js';
import { createKubediffMetrics } from '../../src/metrics/kubediff-metrics.js';
import { makeObject, makeReport } from '../web/kubediff/report-fixture.js';

test('object series escape control characters in kind, namespace and name; promtool accepts the text', async () => {
  const registry = new Registry();
  const metrics = createKubediffMetrics({ registry, maxObjectSeries: 10 });
  metrics.observeReport(makeReport([makeObject('ClusterRole', undefined, 'x\n\u001b[2J\u009b\u202eevil', 'drifted')]));
  const text = await registry.metrics();
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text), JSON.stringify(text));
  assert.ok(text.includes('object_name="x\\\\u000a\\\\u001b[2J\\\\u009b\\\\u202eevil"'), text);
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.error, undefined);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});

test('health series escape them too: kubediff_object_health and kubediff_pod_restarts_total', async () => {
  const registry = new Registry();
  const metrics = createHealthMetrics({ registry, maxObjectSeries: 10 });
  const pods = { pods: 1, ready: 0, restarts: 2 };
  metrics.observeReport(makeReport([makeObject('Deployment', 'shop', 'x\n\u001b[2J\u009b\u202eevil', 'in-sync', { health: { status: 'Degraded', reason: 'why', pods } })]));
  const text = await registry.metrics();
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text), JSON.stringify(text));
  assert.match(text, /kubediff_object_health\{[^}]*object_name="x\\\\u000a\\\\u001b\[2J\\\\u009b\\\\u202eevil"/);
  assert.match(text, /kubediff_pod_restarts_total\{[^}]*object_name="x\\\\u000a\\\\u001b\[2J\\\\u009b\\\\u202eevil"/);
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
});
