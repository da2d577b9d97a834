// The kubediff page shows the commit a run checked, linked when --repo-url
// gave the repository's web address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderKubediffPage } from '../../src/web/kubediff/page.js';
import { NO_FILTER } from '../../src/web/kubediff/filter.js';
import { parseRepoUrl } from '../../src/gitsync/commit-url.js';
import { makePageData, makeReport } from '../web/kubediff/report-fixture.js';

const hash = '0123456789abcdef0123456789abcdef01234567';
const revision = { hash, shortHash: '0123456', subject: 'Scale web', author: 'Ada', committedAt: '2026-11-22T12:00:00Z' };

test('the page links the checked commit when --repo-url is set', () => {
  const url = parseRepoUrl('https://github.com/org/config')(hash);
  const page = renderKubediffPage(makePageData(makeReport([], { revision: { ...revision, url } })), NO_FILTER);
  assert.ok(page.includes(`<a href="https://github.com/org/config/commit/${hash}" rel="noreferrer"><code title="${hash}">0123456</code></a>`), page);
  assert.ok(page.includes('Scale web'));
});

test('the page shows the commit without a link otherwise, and says when it is unknown', () => {
  const page = renderKubediffPage(makePageData(makeReport([], { revision })), NO_FILTER);
  assert.ok(page.includes(`<code title="${hash}">0123456</code>`));
  assert.equal(page.includes('/commit/'), false);
  const unknown = renderKubediffPage(makePageData(makeReport([])), NO_FILTER);
  assert.match(unknown, /unknown \(not a git checkout\)/);
});

test('while waiting for the first sync, the page names no commit (nothing was checked yet)', () => {
  const page = renderKubediffPage(makePageData(undefined, { waiting: 'waiting for /git/repo' }), NO_FILTER);
  assert.match(page, /<h1>Waiting for \/git\/repo<\/h1>/);
  assert.doesNotMatch(page, /<dt>commit<\/dt>/);
  assert.doesNotMatch(page, /not a git checkout/);
});
