// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, with
// every console error, page error and dialog recorded so tests can assert
// that none happened, and screenshots saved under test-output/browser/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { REPO } from '../e2e/demo-setup.js';

export const SCREENSHOTS = join(REPO, 'test-output', 'browser');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught page errors, CSP violations included. */
  readonly errors: string[];
  /** Messages of alert/confirm/prompt dialogs (dismissed at once). */
  readonly dialogs: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    page,
    errors,
    dialogs,
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

type Root = { document: { documentElement: { getAttribute(name: string): string | null } } };

/**
 * Waits until the page shows data the server filtered for `query` (e.g. `state=missing`):
 * narrowing the filter hides objects at once, widening it needs the server's data.
 */
export async function waitForShownQuery(page: Page, query: string): Promise<void> {
  await page.waitForFunction((q) => (globalThis as unknown as Root).document.documentElement.getAttribute('data-shown-query') === q, query);
}

/** Waits until the page script has swapped in fresh data at least `count` times in all. */
export async function waitForRefreshes(page: Page, count: number): Promise<void> {
  // A function, not a string: the page's CSP forbids eval, which string predicates need.
  await page.waitForFunction((n) => Number((globalThis as unknown as Root).document.documentElement.getAttribute('data-refreshes')) >= n, count);
}

/**
 * Runs `step` again when the page navigated under it (a meta refresh reload
 * destroys the document a step was reading or filling in), at most `attempts`
 * times; any other error is the step's own.
 */
export async function retryAcrossReloads<T>(step: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= attempts || !/Execution context was destroyed|because of a navigation|frame was detached/i.test(message)) throw error;
    }
  }
}
