// OpenMetrics for scrapers that ask for it: the writer on a small registry
// (exact text, escapes, counters, histograms, summaries), the Accept header
// negotiation, and the real prom-run answering both formats, checked by a
// strict reader of the specification and by Prometheus's own parser (promtool).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { negotiateExposition } from '../../src/metrics/exposition.js';
import { renderOpenMetrics } from '../../src/metrics/openmetrics.js';
import { checkOpenMetrics } from '../support/openmetrics.js';
import { fixture, startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';
import { parseTextFormat } from '../support/text-format.js';

/** What Prometheus 2.42 (Debian's) sends when it scrapes. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const OPENMETRICS_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** Prometheus's OpenMetrics parser, through promtool: it wants a timestamp on every sample, so each gets one. */
function promtoolParses(text: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubediff-openmetrics-'));
  try {
    const stamped = text.replace(/^([^#\n].*)$/gm, '$1 1700000000');
    writeFileSync(join(dir, 'in.om'), stamped);
    const result = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'in.om'), join(dir, 'blocks')], { encoding: 'utf8' });
    assert.ok(!result.error, `promtool must be installed (Debian package prometheus): ${result.error?.message}`);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function smallRegistry(): Registry {
  const registry = new Registry();
  const registers = [registry];
  new Counter({ name: 'jobs_total', help: 'Jobs "done", by \\ result.\nSecond line.', labelNames: ['result'], registers }).inc({ result: 'ok "yes"\\\n' }, 2);
  new Counter({ name: 'unused_total', help: 'Never increased.', labelNames: ['code'], registers });
  new Gauge({ name: 'temperature_celsius', help: 'Not a number yet.', registers }).set(Number.NaN);
  const histogram = new Histogram({ name: 'wait_seconds', help: 'Waits.', buckets: [0.5, 1], registers });
  histogram.observe(0.7);
  new Summary({ name: 'size_bytes', help: 'Sizes.', percentiles: [0.5], registers }).observe(10);
  return registry;
}

describe('renderOpenMetrics', () => {
  test('writes counters without _total in the family name, escapes help and label values, ends with # EOF', async () => {
    const text = await renderOpenMetrics(smallRegistry());
    assert.equal(text, [
      '# TYPE jobs counter',
      '# HELP jobs Jobs \\"done\\", by \\\\ result.\\nSecond line.',
      'jobs_total{result="ok \\"yes\\"\\\\\\n"} 2',
      '# TYPE unused counter',
      '# HELP unused Never increased.',
      '# TYPE temperature_celsius gauge',
      '# HELP temperature_celsius Not a number yet.',
      'temperature_celsius NaN',
      '# TYPE wait_seconds histogram',
      '# HELP wait_seconds Waits.',
      'wait_seconds_bucket{le="0.5"} 0',
      'wait_seconds_bucket{le="1"} 1',
      'wait_seconds_bucket{le="+Inf"} 1',
      'wait_seconds_sum 0.7',
      'wait_seconds_count 1',
      '# TYPE size_bytes summary',
      '# HELP size_bytes Sizes.',
      'size_bytes{quantile="0.5"} 10',
      'size_bytes_sum 10',
      'size_bytes_count 1',
      '# EOF',
      '',
    ].join('\n'));
    assert.deepEqual(checkOpenMetrics(text).problems, []);
    assert.deepEqual(promtoolParses(text).status, 0);
  });

  test('the text format is unchanged after an OpenMetrics rendering (counters keep _total)', async () => {
    const registry = smallRegistry();
    const before = await registry.metrics();
    await renderOpenMetrics(registry);
    assert.equal(await registry.metrics(), before);
    assert.match(before, /^jobs_total\{/m);
  });

  test('the strict reader finds what breaks the specification', () => {
    const broken = '# TYPE a_total counter\na_total 1\n\n# HELP b say "hi"\nb 1\n# TYPE a_total counter\n';
    const { problems } = checkOpenMetrics(broken);
    for (const expected of [/does not end with "# EOF"/, /named without _total/, /empty lines/, /HELP is not an escaped string/, /appears twice/]) {
      assert.ok(problems.some((problem) => expected.test(problem)), `${expected} in ${problems.join('; ')}`);
    }
    assert.ok(checkOpenMetrics('# TYPE c counter\nc 1\n# EOF\n').problems.some((p) => /not a sample name of counter/.test(p)));
  });
});

describe('negotiateExposition', () => {
  const cases: [string | undefined, 'openmetrics' | 'text'][] = [
    [PROMETHEUS_ACCEPT, 'openmetrics'],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/openmetrics-text; version=0.0.1', 'openmetrics'],
    ['Application/OpenMetrics-Text; Version="1.0.0"; charset=utf-8', 'openmetrics'],
    ['text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5', 'text'],
    ['text/plain;q=0.5,application/openmetrics-text;version=1.0.0;q=0.8', 'openmetrics'],
    ['application/openmetrics-text;version=2.0.0,text/plain;q=0.1', 'text'],
    ['application/openmetrics-text;q=0', 'text'],
    ['application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;q=0.5', 'openmetrics'],
    ['text/plain', 'text'],
    ['*/*', 'text'],
    ['', 'text'],
    [undefined, 'text'],
    ['garbage;;;,=,', 'text'],
  ];
  for (const [accept, expected] of cases) {
    test(`${JSON.stringify(accept)} -> ${expected}`, () => assert.equal(negotiateExposition(accept), expected));
  }
});

describe('/metrics of the real prom-run in both formats', () => {
  let app: PromRunProcess;
  let manifests: string;

  before(async () => {
    // The built-in checker on an empty folder: its own families are there too.
    manifests = mkdtempSync(join(tmpdir(), 'kubediff-openmetrics-manifests-'));
    app = await startPromRun(['-period=1h', 'kubediff', `--kubeconfig=${join(manifests, 'none')}`, manifests]);
    await waitFor(() => app.logs().some((line) => line.msg === 'run finished'), { what: 'the first check' });
  });
  after(async () => {
    await app?.stop();
    rmSync(manifests, { recursive: true, force: true });
  });

  test('OpenMetrics when asked as Prometheus asks: strict and accepted by Prometheus\'s parser, the same samples as the text format', async () => {
    const response = await fetch(`${app.url}/metrics`, { headers: { Accept: PROMETHEUS_ACCEPT } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), OPENMETRICS_TYPE);
    assert.equal(response.headers.get('vary'), 'Accept');
    const text = await response.text();
    const { problems, families } = checkOpenMetrics(text);
    assert.deepEqual(problems, []);
    const parsed = promtoolParses(text);
    assert.equal(parsed.status, 0, parsed.output);
    assert.ok(families.some((family) => family.name === 'promrun_command_exits' && family.type === 'counter'));
    assert.ok(families.some((family) => family.name === 'kubediff_objects' && family.type === 'gauge'));

    // The same series and values in both formats (default metrics and durations move between the two scrapes).
    const plain = parseTextFormat(await (await fetch(`${app.url}/metrics`)).text());
    const stable = (name: string) => /^(command|promrun|kubediff)_/.test(name) && !/(seconds|timestamp)/.test(name);
    const key = (sample: { name: string; labels: Record<string, string>; value: number }) => `${sample.name}${JSON.stringify(sample.labels)} ${sample.value}`;
    const fromOpenMetrics = families.flatMap((family) => family.samples).filter((sample) => stable(sample.name)).map(key).sort();
    const fromText = plain.samples.filter((sample) => stable(sample.name)).map(key).sort();
    assert.ok(fromText.length > 10);
    assert.deepEqual(fromOpenMetrics, fromText);
  });

  test('the text format otherwise, clean under promtool check metrics, also after OpenMetrics scrapes', async () => {
    await (await fetch(`${app.url}/metrics`, { headers: { Accept: 'application/openmetrics-text' } })).text();
    for (const accept of [undefined, 'text/plain', '*/*']) {
      const response = await fetch(`${app.url}/metrics`, accept ? { headers: { Accept: accept } } : {});
      assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      assert.match(text, /^promrun_command_exits_total\{code="\d+"\} 1$/m);
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      assert.equal(`${lint.stdout}${lint.stderr}`, '');
      assert.equal(lint.status, 0);
    }
  });

  test('/-/healthy and /-/ready answer as /healthz and /readyz', async () => {
    for (const [conventional, ours] of [['/-/healthy', '/healthz'], ['/-/ready', '/readyz']] as const) {
      const [a, b] = await Promise.all([fetch(`${app.url}${conventional}`), fetch(`${app.url}${ours}`)]);
      assert.equal(a.status, 200);
      assert.deepEqual([a.status, await a.text()], [b.status, await b.text()]);
    }
  });
});

describe('prom-run before its first run', () => {
  test('/-/ready is 503 like /readyz while /-/healthy is 200', async (t) => {
    const app = await startPromRun(['-period=1h', '--', fixture('sleep-forever')]);
    t.after(() => app.stop());
    const ready = await fetch(`${app.url}/-/ready`);
    assert.equal(ready.status, 503);
    assert.match(await ready.text(), /^not ready: the first run has not finished yet/);
    assert.equal((await fetch(`${app.url}/-/healthy`)).status, 200);
  });
});
