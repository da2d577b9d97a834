// prom-run's built-in checker with --check-images, end to end: the real
// prom-run, the emulated API server, a real registry behind the fault proxy
// (which counts the requests). A tag in git that the registry does not have
// shows on the page and in the metrics before any rollout; the cache between
// runs asks the registry again only about what is due.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemoCluster } from '../../../scripts/demo-cluster.js';
import type { ApiServer } from '../../support/apiserver/index.js';
import { startPromRun, waitFor, type PromRunProcess } from '../../support/prom-run.js';
import { startRegistries, type Registries } from '../../support/registry/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

interface Status {
  latest: { id: number; check?: { images?: { image: string; status: string; cached: boolean }[]; imageStats?: { requests: number } } } | null;
}

describe('prom-run kubediff --check-images', () => {
  let dir: TempDir;
  let r: Registries;
  let cluster: ApiServer;
  let app: PromRunProcess;
  let images: { ok: string; gone: string };

  before(async () => {
    dir = await makeTempDir('kubediff-prom-run-images-');
    r = await startRegistries(dir.path);
    await r.push('shop/web', '1.4.2');
    images = { ok: `${r.proxy.host}/shop/web:1.4.2`, gone: `${r.proxy.host}/shop/web:1.4.3` };
    const repo = await dir.write({
      'repo/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
      'repo/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: ${images.ok}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-canary, namespace: shop}
spec:
  selector: {matchLabels: {app: web-canary}}
  template:
    metadata: {labels: {app: web-canary}}
    spec:
      containers: [{name: web, image: ${images.gone}}]
`,
    }).then((path) => join(path, 'repo'));
    cluster = await startDemoCluster({ manifests: [repo], drift: false });
    const env = { PATH: process.env.PATH, HOME: dir.path, KUBECACHEDIR: join(dir.path, 'kube-cache') };
    app = await startPromRun(['-period=1s', 'kubediff', '-k', cluster.kubeconfigPath, '--check-images', `--registry-insecure=${r.proxy.host}`, repo], { env });
  });
  after(async () => {
    await app?.stop();
    await cluster?.close();
    await r?.stop();
    await dir?.remove();
  });

  const status = async (): Promise<Status> => (await (await fetch(`${app.url}/api/status`)).json()) as Status;

  test('the absent tag is on the page, in the JSON and in the metrics; the exit code stays 0 (in sync)', async () => {
    const latest = await waitFor(async () => ((await status()).latest?.check?.images ? (await status()).latest : undefined), { what: 'a check with images', timeoutMs: 120_000 });
    const statuses = Object.fromEntries((latest?.check?.images ?? []).map((i) => [i.image, i.status]));
    assert.deepEqual(statuses, { [images.ok]: 'available', [images.gone]: 'absent' });
    const page = await (await fetch(`${app.url}/`)).text();
    assert.match(page, /<h2>1 image not available <span class="kd-count">2<\/span><\/h2>/);
    assert.ok(page.includes(`<code>${images.gone}</code>`));
    assert.match(page, /<a href="#Deployment\/shop\/web-canary">Deployment <b>shop\/web-canary<\/b><\/a>/);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.ok(metrics.includes(`kubediff_image_availability{image="${images.gone}",status="absent"} 1`), metrics);
    assert.ok(metrics.includes(`kubediff_image_availability{image="${images.ok}",status="available"} 1`));
    assert.match(metrics, /\ncommand_exit_code 0\n/);
    const text = await (await fetch(`${app.url}/output.txt`)).text();
    assert.match(text, /absent: .*shop\/web:1\.4\.3/);
  });

  test('between runs only the absent image is asked again: one HEAD per run, the available one answered from the cache', async () => {
    const first = (await status()).latest?.id ?? 0;
    const seen = r.proxy.requests.length;
    await waitFor(async () => ((await status()).latest?.id ?? 0) >= first + 3 || undefined, { what: 'three more checks', timeoutMs: 120_000 });
    const latest = (await status()).latest;
    const runs = (latest?.id ?? 0) - first;
    const asked = r.proxy.requests.slice(seen);
    assert.ok(asked.every((request) => request.method === 'HEAD'), 'HEAD only');
    assert.ok(asked.every((request) => request.path.endsWith('/manifests/1.4.3')), `only the absent tag: ${asked.map((a) => a.path).join(', ')}`);
    // The run that was in flight when we started counting may be counted or not.
    assert.ok(asked.length >= runs - 1 && asked.length <= runs + 1, `${asked.length} requests for ${runs} runs`);
    assert.equal(latest?.check?.images?.find((i) => i.image === images.ok)?.cached, true);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`kubediff_registry_requests_total\\{registry="${r.proxy.host.replace(/\./g, '\\.')}",kind="manifest",result="404"\\} \\d+`));
  });

  test('the image pushed: the next run finds it and the absent series is gone', async () => {
    await r.push('shop/web', '1.4.3');
    await waitFor(async () => ((await status()).latest?.check?.images?.every((i) => i.status === 'available') ? true : undefined), { what: 'every image available', timeoutMs: 120_000 });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    assert.ok(!metrics.includes('status="absent"} 1'), 'no absent series left');
    assert.ok(metrics.includes(`kubediff_image_availability{image="${images.gone}",status="available"} 1`));
  });
});
