// GET /api/status serializes the latest run's report once, not once per
// request (40 MB of JSON for 100,000 objects; ten clients at once were ten
// times that), and answers the same text as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { CheckReport } from '../../src/kubediff/result.js';
import { silentLogger } from '../../src/log/logger.js';
import type { RunnerStatus, RunRecord } from '../../src/runner/status.js';
import { pageRendererFor } from '../../src/web/page-renderers.js';
import { RouteTable } from '../../src/web/routes.js';
import { runnerRoutes } from '../../src/web/runner-routes.js';
import { startWebServer } from '../../src/web/server.js';
import { statusJson } from '../../src/web/status-json.js';
import { makeObject, makeReport } from './kubediff/report-fixture.js';

function status(check: CheckReport, id: number, state: RunnerStatus['state'] = 'idle'): RunnerStatus {
  const latest: RunRecord = {
    id, trigger: 'period', startedAt: 1_700_000_000_000, finishedAt: 1_700_000_001_000, durationSeconds: 1, exitCode: 2, timedOut: false,
    result: 'failed', output: 'kubediff: 2 objects\n', outputTruncated: false, check,
  };
  return {
    task: { kind: 'kubediff', display: 'kubediff k8s/' }, periodMs: 60_000, timeoutMs: 600_000, state, current: undefined, latest, waiting: undefined,
    lastSuccessAt: undefined, nextRunAt: 1_700_000_060_000 + id, followUpPending: false, recent: [], totals: { runs: id, timeouts: 0, skippedTicks: 0 },
  };
}

test('the latest report is serialized once for any number of requests, and the text is what JSON.stringify writes', async (t) => {
  let serialized = 0;
  const report = makeReport([makeObject('Deployment', 'shop', 'web', 'drifted'), makeObject('ConfigMap', 'shop', 'weird\u009b', 'missing')]);
  // JSON.stringify reads `objects` once each time it writes the report.
  const counted = new Proxy(report, { get: (target, key, receiver) => (key === 'objects' && serialized++, Reflect.get(target, key, receiver)) });
  let current = status(counted, 1);
  const routes = new RouteTable().add(...runnerRoutes({ status: () => current, registry: new Registry(), page: pageRendererFor('kubediff') }));
  const server = await startWebServer({ routes, host: '127.0.0.1', port: 0, address: '127.0.0.1:0', logger: silentLogger });
  t.after(() => server.close());

  const bodies = await Promise.all([1, 2, 3].map(async () => (await fetch(`${server.url}/api/status`)).text()));
  assert.equal(serialized, 1, 'one serialization for three requests');
  const expected = `${JSON.stringify(statusJson(status(report, 1)), null, 2)}\n`.replaceAll('\u009b', '\\u009b');
  for (const body of bodies) assert.equal(body, expected);

  current = { ...current, state: 'running', nextRunAt: 1 };
  const running = JSON.parse(await (await fetch(`${server.url}/api/status`)).text()) as { state: string; latest: { check: { objects: unknown[] } } };
  assert.equal(running.state, 'running', 'the small parts are made per request');
  assert.equal(running.latest.check.objects.length, 2);
  assert.equal(serialized, 1, 'the same run: still one serialization');

  current = status(counted, 2);
  await (await fetch(`${server.url}/api/status`)).text();
  assert.equal(serialized, 2, 'a new run: serialized again');
});

test('before any run: the JSON as it was', async (t) => {
  const empty = { ...status(makeReport([]), 1), latest: undefined, state: 'not-run-yet' as const };
  const routes = new RouteTable().add(...runnerRoutes({ status: () => empty, registry: new Registry(), page: pageRendererFor('kubediff') }));
  const server = await startWebServer({ routes, host: '127.0.0.1', port: 0, address: '127.0.0.1:0', logger: silentLogger });
  t.after(() => server.close());
  assert.equal(await (await fetch(`${server.url}/api/status`)).text(), `${JSON.stringify(statusJson(empty), null, 2)}\n`);
});
