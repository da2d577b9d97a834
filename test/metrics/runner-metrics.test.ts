// Starts the real prom-run with commands that succeed, fail, time out and run
// slower than the period, and the built-in checker; scrapes /metrics and
// checks it with promtool.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixture, startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';

/** `name{labels}` -> value, from the Prometheus text format. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(app: PromRunProcess): Promise<{ text: string; samples: Map<string, number> }> {
  const response = await fetch(`${app.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, samples: parseMetrics(text) };
}

function promtoolCheck(text: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.ok(!result.error, `promtool must be installed (Debian package prometheus): ${result.error?.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const finishedRuns = (app: PromRunProcess) => app.logs().filter((line) => line.msg === 'run finished');

describe('runner metrics on the real server', () => {
  const apps: Record<string, PromRunProcess> = {};
  // The built-in checker, on an empty manifests folder (and a kubeconfig that does not exist, so it never reaches a real cluster).
  const kubediffDir = mkdtempSync(join(tmpdir(), 'kubediff-runner-metrics-'));

  before(async () => {
    const configs: Record<string, string[]> = {
      failing: ['-period=1h', '--', fixture('exit-with'), '3'],
      succeeding: ['-period=1h', '--', fixture('exit-with'), '0'],
      timingOut: ['-period=1h', '-timeout=300ms', '--', fixture('sleep-forever')],
      slow: ['-period=200ms', '--', fixture('sleep-then-exit'), '1.5'],
      running: ['-period=1h', '--', fixture('sleep-forever')],
      kubediff: ['-period=90s', '-timeout=45s', 'kubediff', `--kubeconfig=${join(kubediffDir, 'no-such-kubeconfig')}`, kubediffDir],
    };
    // Started together (each takes a moment to load); every one that started is stopped in after().
    const results = await Promise.allSettled(Object.entries(configs).map(async ([name, args]) => (apps[name] = await startPromRun(args))));
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  });
  after(async () => {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    rmSync(kubediffDir, { recursive: true, force: true });
  });

  test('a failing run: its exit code, counted by code, no success yet; promtool finds nothing', async () => {
    const app = apps.failing as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the first run' });
    const { text, samples } = await scrape(app);
    assert.equal(samples.get('command_exit_code'), 3);
    assert.equal(samples.get('command_runs_total{exit_code="3"}'), 1);
    assert.equal(samples.get('command_duration_seconds_count'), 1);
    assert.equal(samples.get('command_timeouts_total'), 0);
    assert.equal(samples.get('command_running'), 0);
    assert.ok((samples.get('command_last_run_duration_seconds') ?? -1) >= 0);
    const lastRun = samples.get('command_last_run_timestamp_seconds') ?? 0;
    assert.ok(Math.abs(lastRun - Date.now() / 1000) < 600, 'last run timestamp is now-ish, in seconds');
    assert.equal(samples.get('command_last_success_timestamp_seconds'), undefined);
    assert.equal(samples.get('command_period_seconds'), 3600, '-period=1h');
    assert.equal(samples.get('command_timeout_seconds'), 600, 'the default -timeout, 10m');
    assert.ok([...samples.keys()].some((key) => /^kubediff_build_info\{version="[^"]+",node_version="[^"]+"\}$/.test(key)));
    assert.ok(samples.has('process_cpu_seconds_total') && samples.has('nodejs_eventloop_lag_seconds'), 'default metrics');
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });

  test('a succeeding run sets the last success timestamp', async () => {
    const app = apps.succeeding as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the first run' });
    const { text, samples } = await scrape(app);
    assert.equal(samples.get('command_exit_code'), 0);
    assert.equal(samples.get('command_runs_total{exit_code="0"}'), 1);
    assert.equal(samples.get('command_last_success_timestamp_seconds'), samples.get('command_last_run_timestamp_seconds'));
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });

  test('a run that times out: exit code 124 and a timeout counted', async () => {
    const app = apps.timingOut as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the timed-out run' });
    const { text, samples } = await scrape(app);
    assert.equal(samples.get('command_exit_code'), 124);
    assert.equal(samples.get('command_timeouts_total'), 1);
    assert.equal(samples.get('command_runs_total{exit_code="124"}'), 1);
    assert.equal(samples.get('command_timeout_seconds'), 0.3, '-timeout=300ms');
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });

  test('a command slower than the period: the ticks inside its run are skipped and counted', async () => {
    const app = apps.slow as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the first slow run' });
    const { text, samples } = await scrape(app);
    assert.ok((samples.get('command_skipped_ticks_total') ?? 0) >= 1, 'ticks were skipped');
    assert.equal(samples.get('command_period_seconds'), 0.2, '-period=200ms');
    assert.ok(app.logs().some((line) => line.msg === 'tick skipped: the previous run is still in progress'));
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });

  test('while the first run is in progress: running is 1, and no result is claimed yet', async () => {
    const app = apps.running as PromRunProcess;
    const samples = await waitFor(async () => {
      const { samples: current } = await scrape(app);
      return current.get('command_running') === 1 && current;
    }, { what: 'command_running to be 1' });
    assert.equal(samples.get('command_exit_code'), undefined);
    assert.equal(samples.get('command_last_run_timestamp_seconds'), undefined);
    assert.equal(samples.get('command_duration_seconds_count'), 0);
    // The configuration is known from the start, unlike a result.
    assert.equal(samples.get('command_period_seconds'), 3600);
    assert.equal(samples.get('command_timeout_seconds'), 600);
  });

  test('the built-in checker exports the configured period and timeout too', async () => {
    const app = apps.kubediff as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the first check' });
    const { text, samples } = await scrape(app);
    assert.ok(samples.has('kubediff_objects{state="in-sync"}'), 'the checker ran in-process (its own metrics are there)');
    assert.equal(samples.get('command_period_seconds'), 90, '-period=90s');
    assert.equal(samples.get('command_timeout_seconds'), 45, '-timeout=45s');
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });
});
