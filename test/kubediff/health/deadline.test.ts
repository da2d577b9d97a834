// `since` across runs and the progress deadline: Progressing with no
// progress for longer than the deadline is Degraded; a rollout that keeps
// moving is not; the object's own deadline and last progress count.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judge, type DeadlineContext } from '../../../src/kubediff/health/deadline.js';
import type { HealthState, RememberedObject } from '../../../src/kubediff/health/memory.js';
import type { Verdict } from '../../../src/kubediff/health/index.js';

const MINUTE = 60_000;
const T0 = Date.parse('2025-03-01T12:00:00Z');
const KEY = 'StatefulSet.apps/default/db';

/** Runs `judge` over a sequence of runs, each `step` minutes after the previous one, as prom-run would. */
function runs(verdicts: readonly Verdict[], step = 1, deadlineMs = 10 * MINUTE) {
  let previous: HealthState | undefined;
  return verdicts.map((verdict, i) => {
    const now = T0 + i * step * MINUTE;
    const context: DeadlineContext = { now, previous, remembering: true, deadlineMs };
    const judged = judge(KEY, verdict, context);
    const objects = new Map<string, RememberedObject>(judged.remembered ? [[KEY, judged.remembered]] : []);
    previous = { at: now, objects, podRestarts: new Map() };
    return judged.health;
  });
}

const stuck: Verdict = { status: 'Progressing', reason: '1 of 3 pods ready', progress: '0/1/db-1' };

describe('since and the progress deadline', () => {
  test('since is the first run that saw the status, kept across runs', () => {
    const healths = runs([stuck, stuck, stuck]);
    assert.deepEqual(healths.map((h) => h.since), Array(3).fill('2025-03-01T12:00:00.000Z'));
    assert.deepEqual(healths.map((h) => h.status), ['Progressing', 'Progressing', 'Progressing']);
  });

  test('no progress for longer than --progress-deadline: Degraded, since when the deadline passed', () => {
    const healths = runs(Array(13).fill(stuck));
    assert.equal(healths[10]?.status, 'Progressing', 'exactly at the deadline it is still Progressing');
    assert.equal(healths[11]?.status, 'Degraded');
    assert.equal(healths[11]?.reason, 'no progress for 11m0s, past its deadline of 10m0s: 1 of 3 pods ready');
    assert.equal(healths[11]?.since, '2025-03-01T12:10:00.000Z');
    assert.equal(healths[12]?.since, '2025-03-01T12:10:00.000Z');
  });

  test('a rollout that keeps moving is never Degraded, however long it takes', () => {
    const moving = Array.from({ length: 30 }, (_, i): Verdict => ({ ...stuck, reason: `${Math.floor(i / 5)} of 6 pods updated`, progress: `${Math.floor(i / 5)}` }));
    const healths = runs(moving, 2);
    assert.ok(healths.every((h) => h.status === 'Progressing'), healths.map((h) => h.status).join());
    assert.equal(healths[29]?.since, '2025-03-01T12:00:00.000Z', 'since stays when it entered Progressing');
  });

  test('the object\'s own deadline wins over --progress-deadline; `none` is never judged', () => {
    const own = runs(Array(4).fill({ ...stuck, deadlineSeconds: 120 }));
    assert.deepEqual(own.map((h) => h.status), ['Progressing', 'Progressing', 'Progressing', 'Degraded']);
    const job = runs(Array(60).fill({ ...stuck, deadlineSeconds: 'none' }));
    assert.ok(job.every((h) => h.status === 'Progressing'));
  });

  test('a Deployment\'s last progress (Progressing lastUpdateTime) counts: an old one is already past the deadline', () => {
    const old: Verdict = { ...stuck, deadlineSeconds: 600, progressAt: '2025-03-01T11:40:00Z' };
    const [first] = runs([old]);
    assert.equal(first?.status, 'Degraded');
    assert.match(first?.reason ?? '', /^no progress for 20m0s, past its deadline of 10m0s/);
    // It progressed later than our first sight: the clock starts from its word.
    const recent: Verdict[] = [{ ...stuck, deadlineSeconds: 600, progressAt: '2025-03-01T11:59:00Z' }, ...Array(10).fill({ ...stuck, deadlineSeconds: 600, progressAt: '2025-03-01T12:05:00Z' })];
    const healths = runs(recent);
    assert.equal(healths[10]?.status, 'Progressing', '5 minutes after its last progress');
  });

  test('a change of status starts since again; Healthy is not remembered', () => {
    let previous: HealthState | undefined;
    const at = (minutes: number, verdict: Verdict) => {
      const judged = judge(KEY, verdict, { now: T0 + minutes * MINUTE, previous, remembering: true, deadlineMs: 10 * MINUTE });
      previous = { at: T0 + minutes * MINUTE, objects: new Map(judged.remembered ? [[KEY, judged.remembered]] : []), podRestarts: new Map() };
      return judged;
    };
    assert.equal(at(0, stuck).health.since, '2025-03-01T12:00:00.000Z');
    const healthy = at(5, { status: 'Healthy', reason: '3 pods ready' });
    assert.deepEqual(healthy, { health: { status: 'Healthy', reason: '3 pods ready' } });
    assert.equal(at(6, stuck).health.since, '2025-03-01T12:06:00.000Z');
    assert.equal(at(7, { status: 'Degraded', reason: 'x' }).health.since, '2025-03-01T12:07:00.000Z');
  });

  test('the one-shot CLI remembers nothing and reports no since', () => {
    const judged = judge(KEY, stuck, { now: T0, previous: undefined, remembering: false, deadlineMs: 10 * MINUTE });
    assert.deepEqual(judged.health, { status: 'Progressing', reason: '1 of 3 pods ready' });
  });
});
