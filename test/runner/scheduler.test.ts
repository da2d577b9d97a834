import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { silentLogger } from '../../src/log/logger.js';
import { RunAborted } from '../../src/runner/abort-reasons.js';
import { Scheduler, type RunObserver } from '../../src/runner/scheduler.js';
import type { RunRecord } from '../../src/runner/status.js';
import type { Task, TaskOutcome, TaskRunOptions } from '../../src/runner/task.js';
import { statusJson } from '../../src/web/status-json.js';
import { kubediffPageData } from '../../src/web/kubediff/status-page.js';
import { waitFor } from '../support/prom-run.js';
import { makeObject, makeReport } from '../web/kubediff/report-fixture.js';

const HOUR = 3_600_000;
const ok = (exitCode = 0, extra: Partial<TaskOutcome> = {}): TaskOutcome => ({ exitCode, timedOut: false, output: `exit ${exitCode}\n`, outputTruncated: false, ...extra });

/** A task whose runs finish when the test says so. */
class GatedTask implements Task {
  readonly kind = 'command';
  readonly display = 'gated';
  readonly signals: AbortSignal[] = [];
  private readonly pending: ((outcome: TaskOutcome) => void)[] = [];

  get starts(): number {
    return this.signals.length;
  }

  get inProgress(): number {
    return this.pending.length;
  }

  run({ signal }: TaskRunOptions): Promise<TaskOutcome> {
    this.signals.push(signal);
    return new Promise((resolve) => this.pending.push(resolve));
  }

  finish(outcome: TaskOutcome = ok()): void {
    const resolve = this.pending.shift();
    assert.ok(resolve, 'a run is in progress');
    resolve(outcome);
  }
}

function scheduler(task: Task, options: { periodMs?: number; timeoutMs?: number; historySize?: number; observers?: RunObserver[] } = {}): Scheduler {
  return new Scheduler({ task, periodMs: options.periodMs ?? HOUR, timeoutMs: options.timeoutMs ?? HOUR, logger: silentLogger, historySize: options.historySize, observers: options.observers });
}

const settled = (s: Scheduler, id: number) => waitFor(() => s.status().latest?.id === id && s.status().current === undefined, { what: `run ${id} to finish` });

describe('Scheduler', () => {
  test('runs at start-up, then publishes the finished run', async (t) => {
    const task = new GatedTask();
    const s = scheduler(task);
    t.after(() => s.stop());
    assert.equal(s.status().state, 'not-run-yet');
    s.start();
    assert.equal(task.starts, 1);
    assert.equal(s.status().state, 'running');
    assert.equal(s.status().current?.trigger, 'start-up');
    task.finish(ok(2));
    await settled(s, 1);
    const status = s.status();
    assert.equal(status.state, 'idle');
    assert.equal(status.latest?.exitCode, 2);
    assert.equal(status.latest?.result, 'failed');
    assert.equal(status.latest?.output, 'exit 2\n');
    assert.equal(status.recent.length, 1);
    assert.ok(status.nextRunAt !== undefined && status.nextRunAt > Date.now());
  });

  test('requestRun() while idle starts a run now', async (t) => {
    const task = new GatedTask();
    const s = scheduler(task);
    t.after(() => s.stop());
    s.start();
    task.finish();
    await settled(s, 1);
    assert.equal(s.requestRun(), 'started');
    assert.equal(task.starts, 2);
    assert.equal(s.status().current?.trigger, 'request');
    task.finish();
    await settled(s, 2);
  });

  test('requestRun() during a run schedules exactly one follow-up run, however often it is called', async (t) => {
    const task = new GatedTask();
    const s = scheduler(task);
    t.after(() => s.stop());
    s.start();
    assert.equal(s.requestRun(), 'follow-up-scheduled');
    assert.equal(s.requestRun(), 'follow-up-already-scheduled');
    assert.equal(s.requestRun(), 'follow-up-already-scheduled');
    assert.equal(s.status().followUpPending, true);
    assert.equal(task.starts, 1, 'never two runs at once');
    task.finish();
    await waitFor(() => task.starts === 2, { what: 'the follow-up run' });
    assert.equal(s.status().current?.trigger, 'request');
    assert.equal(s.status().followUpPending, false);
    assert.equal(task.inProgress, 1);
    task.finish();
    await settled(s, 2);
    // Give a wrongly queued third run every chance to start.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(task.starts, 2);
    assert.equal(s.status().state, 'idle');
  });

  test('a tick inside a run is skipped and counted; the next tick after it runs', async (t) => {
    const task = new GatedTask();
    let observed = 0;
    const s = scheduler(task, { periodMs: 50, observers: [{ tickSkipped: () => observed++ }] });
    t.after(() => s.stop());
    s.start();
    await waitFor(() => s.status().totals.skippedTicks >= 3, { what: 'three skipped ticks' });
    assert.equal(task.starts, 1);
    assert.equal(task.inProgress, 1);
    assert.equal(observed, s.status().totals.skippedTicks);
    task.finish();
    await waitFor(() => task.starts === 2, { what: 'the next periodic run' });
    assert.equal(s.status().current?.trigger, 'period');
    task.finish();
  });

  test('a run longer than the timeout is aborted and recorded as timed out (124)', async (t) => {
    let reason: unknown;
    const slow: Task = {
      kind: 'command',
      display: 'slow',
      run: ({ signal }) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            resolve(ok(143));
          }),
        ),
    };
    const s = scheduler(slow, { timeoutMs: 50 });
    t.after(() => s.stop());
    s.start();
    await settled(s, 1);
    const latest = s.status().latest as RunRecord;
    assert.equal(latest.exitCode, 124);
    assert.equal(latest.timedOut, true);
    assert.equal(latest.result, 'timed-out');
    assert.ok(reason instanceof RunAborted && reason.why === 'timeout');
    assert.equal(s.status().totals.timeouts, 1);
  });

  test('a task that throws is a failed run, and the runner goes on', async (t) => {
    let calls = 0;
    const s = scheduler({
      kind: 'command',
      display: 'broken',
      run: async () => {
        calls++;
        throw new Error('boom');
      },
    });
    t.after(() => s.stop());
    s.start();
    await settled(s, 1);
    assert.equal(s.status().latest?.exitCode, 1);
    assert.match(s.status().latest?.output ?? '', /boom/);
    assert.equal(s.requestRun(), 'started');
    await settled(s, 2);
    assert.equal(calls, 2);
  });

  test('snapshots are frozen and never change after they are published', async (t) => {
    const task = new GatedTask();
    const s = scheduler(task);
    t.after(() => s.stop());
    s.start();
    task.finish(ok(0));
    await settled(s, 1);
    const first = s.status();
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.latest) && Object.isFrozen(first.recent) && Object.isFrozen(first.recent[0]));
    s.requestRun();
    task.finish(ok(1));
    await settled(s, 2);
    assert.equal(first.latest?.id, 1);
    assert.equal(first.recent.length, 1);
    assert.equal(s.status().latest?.id, 2);
    assert.equal(s.status().lastSuccessAt, first.lastSuccessAt, 'a failure keeps the last success');
  });

  test('the history is bounded, newest first, and holds summaries without output', async (t) => {
    const task = new GatedTask();
    const s = scheduler(task, { historySize: 5 });
    t.after(() => s.stop());
    s.start();
    task.finish();
    for (let id = 2; id <= 8; id++) {
      await settled(s, id - 1);
      s.requestRun();
      task.finish(ok(id));
    }
    await settled(s, 8);
    const recent = s.status().recent;
    assert.deepEqual(recent.map((run) => run.id), [8, 7, 6, 5, 4]);
    assert.ok(recent.every((run) => !('output' in run)));
    assert.equal(s.status().totals.runs, 8);
  });

  test('a skipped outcome does not replace the latest result; it shows as waiting', async (t) => {
    const task = new GatedTask();
    const s = scheduler(task);
    t.after(() => s.stop());
    s.start();
    task.finish(ok(0, { skipped: { reason: 'waiting for /git/repo' } }));
    await waitFor(() => s.status().recent.length === 1 && s.status().current === undefined, { what: 'the skipped run' });
    assert.equal(s.status().state, 'not-run-yet');
    assert.equal(s.status().latest, undefined);
    assert.equal(s.status().waiting?.reason, 'waiting for /git/repo');
    assert.equal(s.status().recent[0]?.result, 'skipped');
    s.requestRun();
    task.finish(ok(2));
    await settled(s, 2);
    assert.equal(s.status().waiting, undefined);
    assert.equal(s.status().totals.runs, 1);
  });

  test('waiting.since starts anew when runs are skipped for another reason', async (t) => {
    const task = new GatedTask();
    let now = 1_000;
    const s = new Scheduler({ task, periodMs: HOUR, timeoutMs: HOUR, logger: silentLogger, clock: () => now });
    t.after(() => s.stop());
    s.start();
    task.finish(ok(0, { skipped: { reason: 'waiting for /git/repo' } }));
    await waitFor(() => s.status().recent.length === 1 && s.status().current === undefined, { what: 'the first skipped run' });
    for (const [at, reason] of [[5_000, 'waiting for /git/repo'], [9_000, 'checkout kept changing during 3 tries; the next run will retry']] as const) {
      now = at;
      s.requestRun();
      task.finish(ok(0, { skipped: { reason } }));
      await waitFor(() => s.status().current === undefined && s.status().recent[0]?.skippedReason === reason && s.status().recent[0]?.startedAt === at, { what: `the run skipped at ${at}` });
    }
    assert.deepEqual(s.status().waiting, { reason: 'checkout kept changing during 3 tries; the next run will retry', since: 9_000 });
  });

  test('a checker run\'s summary counts its errors (of the run and of objects) for the history, the JSON and the page', async (t) => {
    const task = new GatedTask();
    const s = scheduler(task);
    t.after(() => s.stop());
    s.start();
    const report = makeReport(
      [makeObject('Deployment', 'shop', 'web', 'drifted'), makeObject('Secret', 'shop', 'db', 'error'), makeObject('Secret', 'shop', 'tls', 'error')],
      { errors: [{ kind: 'manifest', message: 'cannot parse k8s/bad.yaml', file: 'k8s/bad.yaml' }] },
    );
    task.finish(ok(1, { check: report }));
    await settled(s, 1);
    s.requestRun();
    task.finish(ok(0, { skipped: { reason: 'checkout kept changing during 3 tries; the next run will retry' } }));
    await waitFor(() => s.status().recent.length === 2 && s.status().current === undefined, { what: 'the skipped run' });
    const [skipped, checked] = s.status().recent;
    assert.equal(checked?.drifted, 1);
    assert.equal(checked?.errors, 3);
    assert.equal(skipped !== undefined && 'errors' in skipped, false, 'a skipped run has no counts');
    assert.equal(statusJson(s.status()).recent[1]?.errors, 3);
    const page = kubediffPageData(s.status(), { now: new Date(), links: { json: '', text: '', metrics: '', self: '/' }, assets: { script: '', styles: [] } });
    assert.equal(page.history[0]?.errors, 3);
  });

  test('observers see starts and finishes; a failing observer changes nothing', async (t) => {
    const task = new GatedTask();
    const seen: string[] = [];
    const s = scheduler(task, {
      observers: [
        { runStarted: () => { throw new Error('observer bug'); } },
        { runStarted: (run) => seen.push(`start ${run.id}`), runFinished: (record) => seen.push(`finish ${record.id} ${record.exitCode}`) },
      ],
    });
    t.after(() => s.stop());
    s.start();
    task.finish(ok(4));
    await settled(s, 1);
    assert.deepEqual(seen, ['start 1', 'finish 1 4']);
  });

  test('stop() aborts the run as a shutdown, waits for it, and schedules nothing more', async () => {
    const task = new GatedTask();
    const s = scheduler(task, { periodMs: 50 });
    s.start();
    s.requestRun();
    task.signals[0]?.addEventListener('abort', () => task.finish(ok(143)));
    await s.stop();
    assert.ok(task.signals[0]?.reason instanceof RunAborted && task.signals[0].reason.why === 'shutdown');
    assert.equal(s.status().state, 'stopped');
    assert.equal(s.status().nextRunAt, undefined);
    assert.equal(s.status().latest?.timedOut, false);
    assert.equal(s.requestRun(), 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(task.starts, 1, 'no follow-up and no tick after stop');
  });
});
