// The promrun_* family, compared with what tomwilkie/prom-run exposes at its
// HEAD (prom-run-reference.ts): the real prom-run of ours, scraped before its
// first run and after runs that succeed, fail and time out; promtool clean.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fixture, startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';
import { parseTextFormat, type Exposition, type Sample } from '../support/text-format.js';
import { PROM_RUN_HEAD_FAMILIES, type ReferenceFamily } from './prom-run-reference.js';

async function scrape(app: PromRunProcess): Promise<{ text: string; exposition: Exposition }> {
  const response = await fetch(`${app.url}/metrics`);
  assert.equal(response.status, 200);
  const text = await response.text();
  return { text, exposition: parseTextFormat(text) };
}

const seriesOf = (exposition: Exposition, family: ReferenceFamily): Sample[] =>
  exposition.samples.filter((sample) => sample.name === family.name || family.samples.includes(sample.name));

const one = (exposition: Exposition, name: string): number => {
  const found = exposition.samples.filter((sample) => sample.name === name);
  assert.equal(found.length, 1, `one series of ${name}`);
  return (found[0] as Sample).value;
};

/** Every family has prom-run's type; every series prom-run's sample names and label names. */
function assertShapes(exposition: Exposition): void {
  for (const family of PROM_RUN_HEAD_FAMILIES) {
    assert.equal(exposition.types.get(family.name), family.type, `${family.name} is a ${family.type}`);
    for (const sample of seriesOf(exposition, family)) {
      assert.ok(family.samples.includes(sample.name), `${sample.name} is one of ${family.samples.join(', ')} (no quantiles)`);
      assert.deepEqual(Object.keys(sample.labels).sort(), [...family.labels].sort(), `labels of ${sample.name}`);
    }
  }
}

function promtoolCheck(text: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.ok(!result.error, `promtool must be installed (Debian package prometheus): ${result.error?.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const finishedRuns = (app: PromRunProcess) => app.logs().filter((line) => line.msg === 'run finished');

describe('the promrun_* family, as tomwilkie/prom-run HEAD exposes it', () => {
  const apps: Record<string, PromRunProcess> = {};

  before(async () => {
    const configs: Record<string, string[]> = {
      running: ['-period=1h', '--', fixture('sleep-forever')],
      mixed: ['-period=1h', '--', fixture('exit-with'), '3'],
      succeeding: ['-period=1h', '--', fixture('exit-with'), '0'],
      timingOut: ['-period=1h', '-timeout=300ms', '--', fixture('sleep-forever')],
    };
    const results = await Promise.allSettled(Object.entries(configs).map(async ([name, args]) => (apps[name] = await startPromRun(args))));
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  });
  after(async () => {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
  });

  test('before the first run: the summary and gauges at 0, no exit code series, as prom-run', async () => {
    const app = apps.running as PromRunProcess;
    const { text, exposition } = await scrape(app);
    assert.equal(finishedRuns(app).length, 0, 'the first run is still in progress');
    assertShapes(exposition);
    for (const family of PROM_RUN_HEAD_FAMILIES) {
      const series = seriesOf(exposition, family);
      if (family.beforeFirstRun === 'none') assert.deepEqual(series, [], `${family.name}: no series yet`);
      else assert.deepEqual(series.map((sample) => [sample.name, sample.value]), family.samples.map((name) => [name, 0]), `${family.name}: 0 from the start`);
    }
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });

  test('after a failing run: counted under its code, timestamps of when it finished, no success', async () => {
    const app = apps.mixed as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the first run' });
    const { text, exposition } = await scrape(app);
    assertShapes(exposition);
    assert.deepEqual(exposition.samples.filter((sample) => sample.name === 'promrun_command_exits_total'), [
      { name: 'promrun_command_exits_total', labels: { code: '3' }, value: 1 },
    ]);
    assert.equal(one(exposition, 'promrun_command_duration_seconds_count'), 1);
    assert.equal(one(exposition, 'promrun_command_duration_seconds_sum'), one(exposition, 'promrun_command_last_run_duration_seconds'));
    // The same run as the command_* family describes.
    assert.equal(one(exposition, 'promrun_command_last_run_timestamp_seconds'), one(exposition, 'command_last_run_timestamp_seconds'));
    assert.equal(one(exposition, 'promrun_command_last_run_duration_seconds'), one(exposition, 'command_last_run_duration_seconds'));
    assert.equal(one(exposition, 'promrun_command_last_success_timestamp_seconds'), 0, 'never succeeded');
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });

  test('runs by code accumulate, and a success sets the last success to when it finished', async () => {
    const app = apps.succeeding as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the first run' });
    const response = await fetch(`${app.url}/-/sync`, { method: 'POST' });
    await response.body?.cancel();
    await waitFor(() => finishedRuns(app).length >= 2, { what: 'a second run' });
    const { text, exposition } = await scrape(app);
    assertShapes(exposition);
    assert.equal(one(exposition, 'promrun_command_exits_total'), 2);
    assert.equal(one(exposition, 'promrun_command_duration_seconds_count'), 2);
    const finished = one(exposition, 'promrun_command_last_run_timestamp_seconds');
    assert.ok(Math.abs(finished - Date.now() / 1000) < 600, 'seconds since the epoch, now-ish');
    assert.equal(one(exposition, 'promrun_command_last_success_timestamp_seconds'), finished);
    assert.deepEqual(promtoolCheck(text), { status: 0, output: '' });
  });

  test('a timed-out run is counted under the same code as command_exit_code (124)', async () => {
    const app = apps.timingOut as PromRunProcess;
    await waitFor(() => finishedRuns(app).length >= 1, { what: 'the timed-out run' });
    const { exposition } = await scrape(app);
    assert.equal(one(exposition, 'command_exit_code'), 124);
    assert.deepEqual(exposition.samples.filter((sample) => sample.name === 'promrun_command_exits_total').map((sample) => sample.labels), [{ code: '124' }]);
    assert.equal(one(exposition, 'promrun_command_last_success_timestamp_seconds'), 0);
  });
});
