// End to end: the demo setup (emulated API server with the examples applied
// and drifted, the real prom-run running the built-in checker), its
// /metrics, JSON and text output compared with golden files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '../../scripts/demo-cluster.js';
import { startDemoSetup, waitFor, type DemoSetup } from './demo-setup.js';
import { assertGolden, maskJson, maskMetrics, maskText } from './golden.js';

const SECRET_VALUES = ['s3cr3t-demo-password', Buffer.from('s3cr3t-demo-password').toString('base64')];

async function get(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  return response.text();
}

describe('demo end to end', () => {
  let setup: DemoSetup;
  let dir: string;
  before(async () => {
    // A copy outside any git checkout, so the result does not depend on this repository's commit.
    dir = await mkdtemp(join(tmpdir(), 'kubediff-e2e-'));
    await cp(EXAMPLES_DIR, join(dir, 'examples'), { recursive: true });
    setup = await startDemoSetup({ paths: [join(dir, 'examples')] });
  });
  after(async () => {
    await setup?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('/metrics matches its golden file and passes promtool check metrics', async () => {
    const metrics = await get(`${setup.url}/metrics`);
    assertGolden('metrics.txt', maskMetrics(metrics));
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
    assert.equal(lint.error, undefined, 'promtool must be installed (Debian package prometheus)');
    assert.equal(`${lint.stdout}${lint.stderr}`.trim(), '');
  });

  test('the JSON status matches its golden file', async () => {
    const status = JSON.parse(await get(`${setup.url}/api/status`)) as unknown;
    assertGolden('status.json', `${JSON.stringify(maskJson(status), null, 2)}\n`);
  });

  test('the text output matches its golden file', async () => {
    assertGolden('output.txt', maskText(await get(`${setup.url}/output.txt`)));
  });

  test('no output carries the Secret value', async () => {
    for (const path of ['/', '/metrics', '/api/status', '/output.txt']) {
      const body = await get(`${setup.url}${path}`);
      for (const value of SECRET_VALUES) assert.equal(body.includes(value), false, `${path} holds ${value}`);
    }
    for (const value of SECRET_VALUES) assert.equal(setup.log().includes(value), false, `the log holds ${value}`);
  });

  test('once the drift is fixed, the next run exports 0 and drops the per-object series', async () => {
    const { cluster } = setup;
    const api = cluster.getObject('apps/v1', 'Deployment', 'api', 'shop') as { spec: { replicas: number } };
    api.spec.replicas = 2;
    cluster.apply(api);
    const web = cluster.getObject('apps/v1', 'Deployment', 'web', 'shop') as { spec: { template: { spec: { containers: { image: string }[] } } } };
    (web.spec.template.spec.containers[0] as { image: string }).image = 'ghcr.io/example/shop-web:1.4.2';
    cluster.apply(web);
    cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings', namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } }, data: { CURRENCY: 'EUR', FEATURE_CHECKOUT_V2: 'true', LOG_LEVEL: 'info' } });

    const response = await fetch(`${setup.url}/-/sync`, { method: 'POST' });
    assert.equal(response.status, 200, await response.text());
    await waitFor(30_000, async () => {
      const status = JSON.parse(await get(`${setup.url}/api/status`)) as { latest: { id: number } };
      return status.latest.id >= 2 ? true : undefined;
    }, () => 'the requested run did not finish');
    const metrics = await get(`${setup.url}/metrics`);
    assert.match(metrics, /\ncommand_exit_code 0\n/);
    assert.match(metrics, /\nkubediff_objects\{state="in-sync"\} 10\n/);
    assert.equal(metrics.includes('kubediff_object_out_of_sync{'), false);
    assert.match(await get(`${setup.url}/`), /<h1>In sync: 10 objects match git<\/h1>/);
  });
});

describe('demo end to end with --max-object-series', () => {
  let setup: DemoSetup;
  before(async () => {
    setup = await startDemoSetup({ promRunFlags: ['--max-object-series=1'] });
  });
  after(() => setup?.stop());

  test('exports at most that many per-object series and counts the rest', async () => {
    const metrics = await get(`${setup.url}/metrics`);
    assert.deepEqual(metrics.split('\n').filter((line) => line.startsWith('kubediff_object_out_of_sync{')), [
      'kubediff_object_out_of_sync{object_kind="ConfigMap",object_namespace="shop",object_name="shop-settings",state="missing"} 1',
    ]);
    assert.match(metrics, /\nkubediff_object_series_dropped 2\n/);
  });
});
