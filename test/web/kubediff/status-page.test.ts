import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunnerStatus, RunRecord } from '../../../src/runner/status.js';
import { statusJson } from '../../../src/web/status-json.js';
import { kubediffPageData, refreshIntervalMs, renderKubediffStatusPage } from '../../../src/web/kubediff/status-page.js';
import { makeObject, makeReport } from './report-fixture.js';

const T0 = Date.UTC(2026, 10, 22, 13, 0, 0);
const context = {
  now: new Date(T0 + 20_000),
  links: { json: '/api/status', text: '/output.txt', metrics: '/metrics', self: '/' },
  assets: { script: '/assets/kubediff.js', styles: ['/assets/kubediff.css'] },
};

function record(id: number, exitCode: number, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    trigger: 'period',
    startedAt: T0 + id * 10_000,
    finishedAt: T0 + id * 10_000 + 1500,
    durationSeconds: 1.5,
    exitCode,
    timedOut: false,
    result: exitCode === 0 ? 'succeeded' : 'failed',
    output: '',
    outputTruncated: false,
    ...extra,
  };
}

function status(extra: Partial<RunnerStatus> = {}): RunnerStatus {
  const report = makeReport([makeObject('Deployment', 'shop', 'web', 'drifted')]);
  const latest = record(2, 2, { check: report, drifted: 1 });
  return {
    task: { kind: 'kubediff', display: 'kubediff /git/repo/k8s' },
    periodMs: 60_000,
    timeoutMs: 600_000,
    state: 'idle',
    current: undefined,
    latest,
    waiting: undefined,
    lastSuccessAt: undefined,
    nextRunAt: T0 + 80_000,
    followUpPending: false,
    recent: [latest, record(1, 0, { drifted: 0 })],
    totals: { runs: 2, timeouts: 0, skippedTicks: 0 },
    ...extra,
  };
}

describe('kubediffPageData', () => {
  test('takes the latest run, its report, the next run and the history oldest first', () => {
    const data = kubediffPageData(status(), context);
    assert.equal(data.display, 'kubediff /git/repo/k8s');
    assert.equal(data.report?.totals.drifted, 1);
    assert.deepEqual(data.lastRun, { startedAt: '2026-11-22T13:00:20.000Z', durationMs: 1500, exitCode: 2, timedOut: false, outOfSync: 1 });
    assert.equal(data.nextRunAt, '2026-11-22T13:01:20.000Z');
    assert.deepEqual(data.history.map((r) => r.exitCode), [0, 2]);
    assert.equal(data.refreshMs, 15_000);
    assert.equal(data.running, false);
  });

  test('shows the waiting reason and a run in progress', () => {
    const data = kubediffPageData(status({ latest: undefined, recent: [], state: 'running', waiting: { reason: 'waiting for /git/repo', since: T0 } }), context);
    assert.equal(data.waiting, 'waiting for /git/repo');
    assert.equal(data.running, true);
    assert.equal(data.report, undefined);
  });

  test('refreshes every half period, between 2 and 15 seconds', () => {
    assert.equal(refreshIntervalMs(1000), 2000);
    assert.equal(refreshIntervalMs(10_000), 5000);
    assert.equal(refreshIntervalMs(3_600_000), 15_000);
  });

  test('renders the page with the filter from the request URL', () => {
    const html = renderKubediffStatusPage(status(), new URL('http://x/?state=missing'), context);
    assert.match(html, /<title>Drifted: 1 object \(filtered\) · kubediff<\/title>/);
    assert.equal(html.includes('id="Deployment/shop/web"'), false);
  });

  test('a run skipped because the checkout kept changing says so, like /api/status, and keeps the last result', () => {
    const reason = 'checkout kept changing during 3 tries; the next run will retry';
    const skipped = record(3, 0, { result: 'skipped', skippedReason: reason });
    const torn = status({ waiting: { reason, since: skipped.startedAt }, recent: [skipped, ...status().recent] });
    const html = renderKubediffStatusPage(torn, new URL('http://x/'), context);
    assert.match(html, /<h1>Checkout kept changing during 3 tries; the next run will retry<\/h1>/);
    assert.doesNotMatch(html, /<h1>Waiting/);
    assert.match(html, /Shown below: the last complete run \(2026-11-22 13:00:20 UTC\): Drifted: 1 object\./);
    assert.match(html, /id="Deployment\/shop\/web"/, 'the last result is still shown');
    const json = statusJson(torn);
    assert.equal(json.waiting?.reason, reason);
    assert.equal(json.latest?.id, 2, 'the JSON keeps the last complete run as latest too');
    assert.equal(json.recent[0]?.status, `skipped: ${reason}`);
  });
});
