// The kubediff page in real Chromium, served by the real prom-run running the
// built-in checker against the demo cluster (plus one object whose
// annotations hold markup, in git and live).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { EXAMPLES_DIR } from '../../scripts/demo-cluster.js';
import { startDemoSetup, type DemoSetup } from '../e2e/demo-setup.js';
import { launchBrowser, openPage, retryAcrossReloads, waitForRefreshes, waitForShownQuery, type WatchedPage } from './browser.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const NOTES = `apiVersion: v1
kind: ConfigMap
metadata:
  name: release-notes
  namespace: shop
  annotations:
    note: '${SCRIPT}'
data:
  version: "1.4.2"
`;

const byId = (id: string) => `[id="${id}"]`;

describe('kubediff page in Chromium', () => {
  let dir: string;
  let setup: DemoSetup;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubediff-browser-'));
    const notes = join(dir, 'notes.yaml');
    await writeFile(notes, NOTES);
    setup = await startDemoSetup({
      manifests: [EXAMPLES_DIR, notes],
      paths: ['examples', notes],
      period: '2s',
      prepare: (cluster) => {
        const live = cluster.getObject('v1', 'ConfigMap', 'release-notes', 'shop') as { metadata: { annotations: Record<string, string> } };
        live.metadata.annotations.note = IMG;
        cluster.apply(live);
      },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await setup?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(name: string, options = {}): Promise<WatchedPage> {
    const watched = await openPage(browser, options);
    await watched.page.goto(`${setup.url}/`);
    watched.page.setDefaultTimeout(15_000);
    return watched;
  }

  function assertClean(watched: WatchedPage): void {
    assert.deepEqual(watched.errors, [], 'console errors');
    assert.deepEqual(watched.dialogs, [], 'dialogs');
  }

  test('shows the drifted and missing objects of the demo at a glance', async () => {
    const w = await open('overview');
    const { page } = w;
    assert.equal(await page.locator('h1').textContent(), 'Out of sync: 3 drifted, 1 missing');
    for (const id of ['Deployment/shop/api', 'Deployment/shop/web', 'ConfigMap/shop/shop-settings', 'ConfigMap/shop/release-notes']) {
      assert.ok(await page.locator(byId(id)).isVisible(), `${id} is shown`);
    }
    // The state badge (the health badge beside it says Missing).
    assert.equal(await page.locator(`${byId('ConfigMap/shop/shop-settings')} .kd-badge:not(.kd-h)`).textContent(), 'missing');
    assert.match((await page.locator('#kd-in-sync > summary').textContent()) ?? '', /^\d+ objects in sync$/);
    await w.screenshot('overview');
    await page.emulateMedia({ colorScheme: 'dark' });
    await w.screenshot('overview-dark');
    assertClean(w);
    await w.close();
  });

  test('opening an object shows its differences and colored diff', async () => {
    const w = await open('diff');
    const { page } = w;
    const web = page.locator(byId('Deployment/shop/web'));
    assert.equal(await web.locator('.kd-diff').isVisible(), false);
    await web.locator('summary').first().click();
    assert.ok(await web.locator('.kd-diff').isVisible());
    // The diff reads as applying would change the object: - live, + git.
    assert.match((await web.locator('.kd-diff .d-del').allTextContents()).join('\n'), /image: ghcr\.io\/example\/shop-web:1\.4\.2-hotfix$/);
    assert.match((await web.locator('.kd-diff .d-add').allTextContents()).join('\n'), /image: ghcr\.io\/example\/shop-web:1\.4\.2$/);
    assert.match((await web.locator('.kd-table').first().textContent()) ?? '', /containers\[name=web\]\.image/);
    await web.locator('.kd-suppressed > summary').click();
    assert.match((await web.locator('.kd-suppressed').textContent()) ?? '', /hpa-replicas/);
    // Which rule hid it, in words a phone shows (no hover).
    assert.ok(await web.locator('.kd-rules li', { hasText: 'HorizontalPodAutoscaler' }).isVisible());
    await w.screenshot('diff');
    assertClean(w);
    await w.close();
  });

  test('a link to #Kind/namespace/name opens that object', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.goto(`${setup.url}/#Deployment/shop/api`);
    const api = page.locator(byId('Deployment/shop/api'));
    await page.waitForFunction((id) => (globalThis as unknown as { document: { getElementById(id: string): { open?: boolean } | null } }).document.getElementById(id)?.open === true, 'Deployment/shop/api');
    assert.ok(await api.locator('.kd-diff').isVisible());
    assert.equal(await page.locator(byId('Deployment/shop/web')).evaluate((el) => (el as unknown as { open: boolean }).open), false);
    await w.screenshot('anchor');
    assertClean(w);
    await w.close();
  });

  test('a link with a fragment that is not valid percent-encoding (#100%) still refreshes the page', async () => {
    const w = await openPage(browser);
    const { page } = w;
    page.setDefaultTimeout(15_000);
    await page.goto(`${setup.url}/#100%`);
    await waitForRefreshes(page, 1);
    assertClean(w);
    await w.close();
  });

  test('the filter hides and shows objects at once, and keeps it in the URL', async () => {
    const w = await open('filter');
    const { page } = w;
    await page.locator('input[name="q"]').fill('api');
    assert.ok(await page.locator(byId('Deployment/shop/api')).isVisible());
    assert.equal(await page.locator(byId('Deployment/shop/web')).isVisible(), false);
    assert.match(page.url(), /\?q=api$/);
    await page.locator('input[name="q"]').fill('');
    await page.locator('select[name="state"]').selectOption('missing');
    await waitForShownQuery(page, 'state=missing');
    assert.ok(await page.locator(byId('ConfigMap/shop/shop-settings')).isVisible());
    assert.equal(await page.locator(byId('Deployment/shop/api')).isVisible(), false);
    await w.screenshot('filter');
    await page.locator('#kd-filter-reset').click();
    await waitForShownQuery(page, '');
    assert.ok(await page.locator(byId('Deployment/shop/api')).isVisible());
    assert.ok(await page.locator(byId('Deployment/shop/web')).isVisible());
    assertClean(w);
    await w.close();
  });

  test('without JavaScript the filter is a plain form the server honours', async () => {
    const w = await open('no-js', { javaScriptEnabled: false });
    const { page } = w;
    // Without JavaScript the page reloads itself every 2 s (its <noscript> meta
    // refresh). On a loaded machine a reload can land between filling the form
    // and submitting it: the reload empties the form, and what gets submitted
    // is no filter. Then fill and submit again. The filtered address can only
    // be reached through the form (a reload after it reloads the same address).
    const filtered = (url: string): boolean => {
      const params = new URL(url).searchParams;
      return params.get('state') === 'drifted' && params.get('kind') === 'Deployment';
    };
    let lastError: unknown;
    for (let attempt = 1; !filtered(page.url()); attempt++) {
      assert.ok(attempt <= 10, `the form was never submitted filled in (${page.url()}; last error: ${String(lastError)})`);
      try {
        await page.locator('select[name="state"]').selectOption('drifted');
        await page.locator('input[name="kind"]').fill('Deployment');
        await Promise.all([
          page.waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).searchParams.has('state')),
          page.locator('#kd-filter button[type="submit"]').click(),
        ]);
        await page.waitForURL((url) => url.searchParams.has('state'));
      } catch (error) {
        lastError = error; // a reload took the form away under the step
      }
    }
    const shown = await retryAcrossReloads(() => page.locator('details.kd-obj').evaluateAll((els) => els.map((el) => el.id)));
    assert.deepEqual(shown, ['Deployment/shop/api', 'Deployment/shop/web']);
    await retryAcrossReloads(() => w.screenshot('no-js-filter'));
    assertClean(w);
    await w.close();
  });

  test('markup in annotations is shown as text and runs nothing', async () => {
    const w = await open('escaping');
    const { page } = w;
    const notes = page.locator(byId('ConfigMap/shop/release-notes'));
    await notes.locator('summary').first().click();
    const text = (await notes.textContent()) ?? '';
    assert.ok(text.includes(SCRIPT), 'the git value is shown as text');
    assert.ok(text.includes(IMG), 'the live value is shown as text');
    assert.equal(await page.locator('main img, main script').count(), 0);
    // A refresh swaps in new HTML: still nothing runs.
    await waitForRefreshes(page, 1);
    await w.screenshot('escaping');
    assertClean(w);
    await w.close();
  });

  test('auto-refresh keeps an opened object open, the filter and the scroll position', async () => {
    const w = await open('refresh', { viewport: { width: 1280, height: 400 } });
    const { page } = w;
    await page.locator('input[name="q"]').fill('shop');
    const web = page.locator(byId('Deployment/shop/web'));
    await web.locator('summary').first().click();
    await page.evaluate('window.scrollTo(0, 200)');
    const scrolled = await page.evaluate('window.scrollY');
    assert.equal(scrolled, 200);
    const before = Number(await page.locator('html').getAttribute('data-refreshes'));
    await waitForRefreshes(page, before + 2);
    assert.equal(await web.evaluate((el) => (el as unknown as { open: boolean }).open), true);
    assert.equal(await page.locator('input[name="q"]').inputValue(), 'shop');
    assert.equal(await page.evaluate('window.scrollY'), scrolled);
    await w.screenshot('refresh');
    assertClean(w);
    await w.close();
  });
});
