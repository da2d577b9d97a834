import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunnerStatus, RunRecord, RunSummary } from '../../src/runner/status.js';
import { renderCommandPage } from '../../src/web/command-page.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function summary(id: number, exitCode: number, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    trigger: id === 1 ? 'start-up' : 'period',
    startedAt: NOW - (100 - id) * 10_000,
    finishedAt: NOW - (100 - id) * 10_000 + 1500,
    durationSeconds: 1.5,
    exitCode,
    timedOut: exitCode === 124,
    result: exitCode === 0 ? 'succeeded' : exitCode === 124 ? 'timed-out' : 'failed',
    ...extra,
  };
}

function status(overrides: Partial<RunnerStatus> = {}, latest?: Partial<RunRecord>): RunnerStatus {
  const record: RunRecord | undefined = latest ? { ...summary(30, 0), output: '', outputTruncated: false, ...latest } : undefined;
  return {
    task: { kind: 'command', display: 'terraform plan -detailed-exitcode' },
    periodMs: 30_000,
    timeoutMs: 600_000,
    state: record ? 'idle' : 'not-run-yet',
    current: undefined,
    latest: record,
    waiting: undefined,
    lastSuccessAt: undefined,
    nextRunAt: NOW + 8000,
    followUpPending: false,
    recent: record ? Array.from({ length: 30 }, (_, i) => summary(30 - i, i % 3 === 0 ? 2 : 0)) : [],
    totals: { runs: 30, timeouts: 0, skippedTicks: 0 },
    ...overrides,
  };
}

const render = (s: RunnerStatus) => renderCommandPage({ status: s, now: NOW });
const headline = (html: string) => /<p class="headline">([^<]*)<\/p>/.exec(html)?.[1];

describe('command page', () => {
  test('a clear status for each state', () => {
    assert.equal(headline(render(status())), 'Not run yet');
    assert.equal(headline(render(status({}, { exitCode: 0, result: 'succeeded' }))), 'Succeeded');
    assert.equal(headline(render(status({}, { exitCode: 2, result: 'failed' }))), 'Failed with code 2');
    assert.equal(headline(render(status({}, { exitCode: 124, result: 'timed-out', timedOut: true }))), 'Timed out after 10m0s');
    assert.equal(headline(render(status({ current: { id: 31, trigger: 'period', startedAt: NOW - 3000 }, state: 'running' }, {}))), 'Running');
    assert.equal(headline(render(status({ waiting: { reason: 'waiting for /git/repo', since: NOW } }))), 'Waiting: waiting for /git/repo');
  });

  test('the command, the last start, duration and next due time', () => {
    const html = render(status({}, { startedAt: NOW - 12_000, durationSeconds: 1.234 }));
    assert.match(html, /<code class="command">terraform plan -detailed-exitcode<\/code>/);
    assert.match(html, /Last run started<\/dt><dd><time datetime="2026-11-22T11:59:48.000Z">2026-11-22 11:59:48 UTC<\/time> \(12s ago\)/);
    assert.match(html, /Took<\/dt><dd>1.23s/);
    assert.match(html, /Next run due<\/dt><dd><time[^>]*>2026-11-22 12:00:08 UTC<\/time> \(in 8s\)/);
  });

  test('escapes every byte of the output and the command, renders ANSI colors as classes', () => {
    const html = render(
      status({ task: { kind: 'command', display: `sh -c '<b>x</b>'` } }, { output: '<script>alert(1)</script>\n\u001b[31m<img src=x onerror=alert(2)>\u001b[0m\u0007' }),
    );
    assert.ok(!html.includes('<script>alert'));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('<b>x'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('<span class="ansi-fg1">&lt;img src=x onerror=alert(2)&gt;</span>\u2407'));
    assert.ok(!html.includes('\u001b'));
    // The only script is the same-origin one.
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script src="/assets/app.js" defer>']);
  });

  test('lists at least 20 recent runs with time, result, exit code and duration', () => {
    const html = render(status({}, {}));
    const rows = html.match(/<tr><td class="num">\d+<\/td>/g) ?? [];
    assert.equal(rows.length, 30);
    assert.match(html, /<td class="result-failed">failed with code 2<\/td><td class="num">2<\/td><td class="num">1.50s<\/td>/);
  });

  test('says when the output was truncated or empty', () => {
    assert.match(render(status({}, { output: 'x', outputTruncated: true })), /longer than the limit/);
    assert.match(render(status({}, { output: '' })), /printed nothing/);
  });

  test('refreshes by itself with and without JavaScript', () => {
    const html = render(status({}, {}));
    assert.match(html, /<noscript><meta http-equiv="refresh" content="\d+"><\/noscript>/);
    assert.match(html, /<body data-refresh-seconds="\d+">/);
    assert.match(html, /<main id="content">/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.doesNotMatch(html, /https?:\/\//, 'no external assets');
  });
});
