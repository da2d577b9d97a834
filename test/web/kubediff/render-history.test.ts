import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHistory } from '../../../src/web/kubediff/render-history.js';
import { makeRuns } from './report-fixture.js';

describe('renderHistory', () => {
  test('draws one bar per run, colored by exit code, scaled to the largest count', () => {
    const runs = [
      { startedAt: '2026-11-22T13:00:00Z', durationMs: 900, exitCode: 0, timedOut: false, outOfSync: 0 },
      { startedAt: '2026-11-22T13:00:15Z', durationMs: 950, exitCode: 2, timedOut: false, outOfSync: 3 },
      { startedAt: '2026-11-22T13:00:30Z', durationMs: 10_000, exitCode: 124, timedOut: true },
    ];
    const out = renderHistory(runs, 50).value;
    const bars = [...out.matchAll(/<rect class="(c-\w+)" x="[\d.]+" y="(\d+)" width="[\d.]+" height="(\d+)">/g)].map((m) => [m[1], Number(m[3])]);
    assert.deepEqual(bars, [['c-ok', 2], ['c-drift', 60], ['c-err', 2]]);
    assert.match(out, /<td>124 \(timed out\)<\/td>/);
    assert.match(out, /max 3/);
    assert.match(out, /<summary>3 runs<\/summary>/);
    assert.match(renderHistory(runs.slice(0, 1), 50).value, /<summary>1 run<\/summary>/);
  });

  test('shows each run\'s errors in the table and stacked on its bar, distinguishable from out-of-sync objects', () => {
    const runs = [
      { startedAt: '2026-11-22T13:00:00Z', durationMs: 900, exitCode: 2, timedOut: false, outOfSync: 3, errors: 0 },
      { startedAt: '2026-11-22T13:00:15Z', durationMs: 950, exitCode: 1, timedOut: false, outOfSync: 1, errors: 3 },
    ];
    const out = renderHistory(runs, 50).value;
    const bars = [...out.matchAll(/<rect class="(c-[\w-]+)" x="([\d.]+)" y="(\d+)" width="[\d.]+" height="(\d+)"><title>([^<]*)</g)].map((m) => ({
      cls: m[1], x: m[2], y: Number(m[3]), height: Number(m[4]), title: m[5],
    }));
    assert.deepEqual(bars.map((b) => [b.cls, b.height]), [['c-drift', 45], ['c-err', 15], ['c-errors', 45]]);
    const [, errBar, errors] = bars;
    assert.equal(errors?.x, errBar?.x, 'the errors sit on their run\'s bar');
    assert.equal((errors?.y ?? 0) + (errors?.height ?? 0), errBar?.y);
    assert.match(errors?.title ?? '', /1 out of sync, 3 errors, exit 1 \(error\)$/);
    assert.match(out, /<th>errors<\/th>/);
    assert.match(out, /<td>1 \(error\)<\/td><td>1<\/td><td>3<\/td><\/tr>/);
    assert.match(out, /Objects out of sync and errors \(stacked on top, pale red\) per run, newest right \(max 4\)/);
  });

  test('keeps the most recent runs, newest first in the table', () => {
    const out = renderHistory(makeRuns(80), 60).value;
    assert.equal([...out.matchAll(/<rect /g)].length, 60);
    const times = [...out.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1] as string);
    assert.equal(times.length, 60);
    assert.equal(times[0], makeRuns(80)[79]?.startedAt);
    assert.ok((times[0] as string) > (times[59] as string));
  });
});
