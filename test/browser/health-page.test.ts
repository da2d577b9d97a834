// Rollout health on the page in real Chromium: the demo (whose hand-set web
// image crash-loops, so its rollout is stuck) plus a worker whose new image
// crashes with a progress deadline of 2 s, which the emulated deployment
// controller soon marks ProgressDeadlineExceeded. The Rollouts summary at
// the top shows the Degraded worker first, links to it, and health filters
// the objects at once.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { EXAMPLES_DIR, withLastApplied } from '../../scripts/demo-cluster.js';
import { startDemoSetup, waitFor, type DemoSetup } from '../e2e/demo-setup.js';
import { launchBrowser, openPage, waitForShownQuery } from './browser.js';

const worker = (image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'worker', namespace: 'shop' },
  spec: {
    replicas: 2,
    progressDeadlineSeconds: 2,
    selector: { matchLabels: { app: 'worker' } },
    template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'worker', image }] } },
  },
});

describe('rollout health on the page in Chromium', () => {
  let dir: string;
  let setup: DemoSetup;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubediff-browser-health-'));
    const manifest = join(dir, 'worker.yaml');
    await writeFile(manifest, JSON.stringify(worker('ghcr.io/example/worker:2.0')));
    setup = await startDemoSetup({
      manifests: [EXAMPLES_DIR],
      paths: ['examples', manifest],
      period: '1s',
      controllerResyncMs: 250,
      prepare: (cluster) => {
        cluster.apply(withLastApplied(worker('ghcr.io/example/worker:1.0')));
        cluster.controllers.images.set('ghcr.io/example/worker:2.0', 'crash-loop');
        cluster.apply(withLastApplied(worker('ghcr.io/example/worker:2.0')));
      },
    });
    // The deadline passes 2 s after the rollout started; a check after that sees it.
    // kubediff's own clock may call the worker Degraded ("no progress for 2s")
    // a run before the emulated controller writes ProgressDeadlineExceeded:
    // wait for the controller's condition, which the test is about.
    await waitFor(60_000, async () => {
      const status = (await (await fetch(`${setup.url}/api/status`)).json()) as { latest?: { check?: { objects: { ref: { name: string }; health?: { status: string; reason?: string } }[] } } };
      const health = status.latest?.check?.objects.find((o) => o.ref.name === 'worker')?.health;
      return health?.status === 'Degraded' && health.reason?.startsWith('ProgressDeadlineExceeded') ? true : undefined;
    }, () => `the worker never showed as Degraded by ProgressDeadlineExceeded:\n${setup.log()}`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await setup?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('the Rollouts summary at the top shows the Degraded object first, and its link opens it', async () => {
    const w = await openPage(browser);
    const { page } = w;
    page.setDefaultTimeout(15_000);
    await page.goto(`${setup.url}/`);
    const items = page.locator('#kd-rollouts .kd-rollout');
    const first = items.first();
    assert.equal(await first.locator('.kd-h').textContent(), 'Degraded');
    assert.match((await first.textContent()) ?? '', /Deployment shop\/worker ProgressDeadlineExceeded: ReplicaSet "worker-[a-z0-9]{10}" has timed out progressing\./);
    const statuses = await items.locator('.kd-h').allTextContents();
    assert.deepEqual([...statuses].sort((a, b) => order(a) - order(b)), statuses, `Degraded first: ${statuses.join(', ')}`);
    assert.ok(statuses.includes('Progressing'), 'the demo web rollout is stuck on its crash-looping hotfix');
    // The summary sits above the filter and the objects.
    const summaryTop = (await page.locator('#kd-rollouts').boundingBox())?.y ?? Infinity;
    const filterTop = (await page.locator('#kd-filter').boundingBox())?.y ?? -Infinity;
    assert.ok(summaryTop < filterTop);

    await first.locator('a').click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { open?: boolean; hidden?: boolean } | null } }).document.getElementById('kd-in-sync')?.open === true);
    assert.ok(await page.locator('[id="Deployment/shop/worker"]').isVisible());
    await w.screenshot('health-rollouts');
    assert.deepEqual(w.errors, []);
    await w.close();
  });

  test('health filters the objects like state: at once with JavaScript, and in the URL', async () => {
    const w = await openPage(browser);
    const { page } = w;
    page.setDefaultTimeout(15_000);
    await page.goto(`${setup.url}/`);
    await page.locator('select[name="health"]').selectOption('Degraded');
    await waitForShownQuery(page, 'health=Degraded');
    assert.match(page.url(), /\?health=Degraded$/);
    const visible = await page.locator('[data-state]:visible').evaluateAll((els) => els.map((el) => (el as unknown as { id: string }).id));
    assert.deepEqual(visible, ['Deployment/shop/worker']);
    assert.deepEqual(w.errors, []);
    await w.close();
  });
});

function order(status: string): number {
  return ['Degraded', 'Progressing', 'Missing', 'Unknown', 'Suspended', 'Healthy'].indexOf(status);
}
