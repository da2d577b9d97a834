// The command page in real Chromium: no console errors or CSP violations, the
// output's markup shows as text and runs nothing, the script refreshes the
// page in place, and without JavaScript the <noscript> meta refresh reloads it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../browser/browser.js';
import { fixture, startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';

type Win = { document: { getElementById(id: string): { textContent: string | null } | null }; promRunMarker?: number };
const runShown = (text: string) => Number(/Output of run #(\d+)/.exec(text)?.[1] ?? 0);

describe('command page in Chromium', () => {
  let browser: Browser;
  let app: PromRunProcess;
  before(async () => {
    [browser, app] = await Promise.all([launchBrowser(), startPromRun(['-period=1s', '--', fixture('print-html')])]);
    await waitFor(() => app.logs().some((line) => line.msg === 'run finished'), { what: 'the first run' });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('shows the output as text, runs nothing from it, and refreshes in place', async () => {
    const w = await openPage(browser);
    try {
      await w.page.goto(`${app.url}/`);
      const first = runShown((await w.page.textContent('#content')) ?? '');
      assert.ok(first >= 1);
      assert.ok(((await w.page.textContent('pre.output')) ?? '').includes('<script>alert(1)</script>'));
      assert.equal(await w.page.locator('pre.output script, pre.output img').count(), 0);
      // A marker on window survives an in-place refresh but not a reload.
      await w.page.evaluate(() => ((globalThis as unknown as Win).promRunMarker = 1));
      await w.page.waitForFunction(
        (seen) => Number(/Output of run #(\d+)/.exec((globalThis as unknown as Win).document.getElementById('content')?.textContent ?? '')?.[1]) > seen,
        first,
        { timeout: 60_000 },
      );
      assert.equal(await w.page.evaluate(() => (globalThis as unknown as Win).promRunMarker), 1, 'refreshed without a reload');
      assert.equal(await w.page.locator('.ansi-fg1.ansi-bold').first().textContent(), 'RED-BOLD');
      await w.screenshot('command-page');
      assert.deepEqual(w.errors, []);
      assert.deepEqual(w.dialogs, []);
    } finally {
      await w.close();
    }
  });

  test('without JavaScript the page reloads itself', async () => {
    const w = await openPage(browser, { javaScriptEnabled: false });
    try {
      let loads = 0;
      w.page.on('load', () => loads++);
      await w.page.goto(`${app.url}/`);
      await waitFor(() => loads >= 2, { what: 'a meta refresh reload', timeoutMs: 60_000 });
      // With -period=1s the reload may land while a run is in progress.
      assert.match((await w.page.textContent('.headline')) ?? '', /^(Failed with code 2|Running)/);
      assert.deepEqual(w.errors, []);
    } finally {
      await w.close();
    }
  });
});
