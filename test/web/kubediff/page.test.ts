import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderKubediffPage } from '../../../src/web/kubediff/page.js';
import { NO_FILTER, parsePageFilter } from '../../../src/web/kubediff/filter.js';
import { DEFAULT_PAGE_LIMITS } from '../../../src/web/kubediff/page-data.js';
import { explainRule } from '../../../src/kubediff/compare/compare.js';
import { escapeHtml } from '../../../src/web/escape.js';
import { makeObject, makePageData, makeReport, syntheticDriftReport } from './report-fixture.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';

function hostileReport() {
  const note = makeObject('ConfigMap', 'demo', 'notes', 'drifted', {
    differences: [
      { path: `.metadata.annotations.note`, kind: 'changed', want: SCRIPT, have: IMG },
      { path: `.metadata.annotations[${IMG}]`, kind: 'unexpected-live', have: SCRIPT, reason: 'hand-edit', changedBy: { manager: SCRIPT, operation: IMG, time: '2026-12-01T09:15:00Z', subresource: IMG } },
    ],
    suppressed: [{ path: '.data.x', kind: 'changed', want: IMG, have: SCRIPT, rule: SCRIPT }],
    diff: `--- git\n+++ live\n@@ -1 +1 @@\n-note: ${SCRIPT}\n+note: ${IMG}\n`,
    source: { file: `k8s/${IMG}.yaml`, document: 0 },
  });
  const broken = makeObject('Secret', 'demo', 'creds', 'error', { error: { kind: 'cluster', message: IMG } });
  return makeReport([note, broken], {
    errors: [{ kind: 'manifest', message: SCRIPT, file: `${IMG}.yaml`, document: 2 }],
    notices: [SCRIPT],
    paths: [`/repo/${IMG}`],
    revision: { hash: 'a'.repeat(40), shortHash: 'aaaaaaa', subject: SCRIPT, author: IMG, committedAt: '2026-11-22T12:00:00Z' },
  });
}

describe('renderKubediffPage', () => {
  test('escapes every string from manifests, objects and errors', () => {
    const page = renderKubediffPage(makePageData(hostileReport(), { display: `kubediff ${SCRIPT}` }), NO_FILTER);
    assert.equal(page.includes('<script>alert'), false);
    assert.equal(page.includes('<img'), false);
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('&lt;img src=x onerror=alert(2)&gt;'));
    // Only our own same-origin script tag, no inline script and no inline style.
    assert.deepEqual(page.match(/<script[^>]*>/g), ['<script src="/static/kubediff.js" defer>']);
    assert.equal(/\sstyle=/.test(page), false);
    // No event-handler attribute in any real tag (attribute values blanked: they are escaped text).
    assert.equal(/<[a-z][^>]*\son[a-z]+=/i.test(page.replace(/"[^"]*"/g, '""')), false);
  });

  test('renders an object whose name is not well-formed Unicode (a YAML "\\ud800" escape) instead of failing the page', () => {
    const report = makeReport([makeObject('ConfigMap', 'demo', 'odd\ud800name', 'error', { error: { kind: 'cluster', message: 'bad name' } })]);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.ok(page.includes('class="kd-anchor" href="#ConfigMap/demo/odd'));
  });

  test('bounds the run-level errors listed (one per broken manifest document could be thousands)', () => {
    const errors = Array.from({ length: 5000 }, (_, i) => ({ kind: 'manifest' as const, message: `bad document ${i}`, file: 'k8s/all.yaml', document: i }));
    const page = renderKubediffPage(makePageData(makeReport([], { errors, exitCode: 1 })), NO_FILTER);
    assert.ok(page.includes('5000 errors in this run'));
    assert.ok(page.includes(`bad document ${DEFAULT_PAGE_LIMITS.runErrors - 1}<`));
    assert.equal(page.includes(`bad document ${DEFAULT_PAGE_LIMITS.runErrors}<`), false);
    assert.ok(page.includes(`… and ${5000 - DEFAULT_PAGE_LIMITS.runErrors} more errors: see <a href="/api/v1/status">the JSON</a>.`));
  });

  test('escapes hostile text in the filter values echoed back', () => {
    const page = renderKubediffPage(makePageData(hostileReport()), parsePageFilter(new URLSearchParams({ q: `"><${'script'}>x` })));
    assert.equal(page.includes('"><script>'), false);
    assert.ok(page.includes('value="&quot;&gt;&lt;script&gt;x"'));
  });

  test('puts errors, missing and drifted objects first, grouped by namespace then kind, in-sync folded', () => {
    const report = makeReport([
      makeObject('Service', 'shop', 'web', 'in-sync'),
      makeObject('Deployment', 'shop', 'web', 'drifted'),
      makeObject('Deployment', 'shop', 'api', 'missing'),
      makeObject('Deployment', 'shop', 'zz', 'error'),
      makeObject('ConfigMap', 'billing', 'settings', 'drifted'),
      makeObject('Namespace', undefined, 'shop', 'drifted'),
    ]);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    const order = [...page.matchAll(/<details class="kd-obj" id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['Namespace/shop', 'ConfigMap/billing/settings', 'Deployment/shop/zz', 'Deployment/shop/api', 'Deployment/shop/web']);
    const headings = [...page.matchAll(/<h3><span class="kd-ns">([^<]+)<\/span> · (\w+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(headings, ['cluster Namespace', 'billing ConfigMap', 'shop Deployment']);
    assert.match(page, /<details class="kd-insync" id="kd-in-sync"><summary>1 object in sync<\/summary>.*id="Service\/shop\/web"/s);
    assert.match(page, /<title>Error: 1 error, 3 drifted, 1 missing · kubediff<\/title>/);
    assert.ok(page.includes('href="#Deployment/shop/web"'));
  });

  test('shows differences with git and live values, the diff, and suppressed ones with their rule', () => {
    const report = makeReport([
      makeObject('Deployment', 'shop', 'web', 'drifted', {
        differences: [
          { path: '.spec.template.spec.containers[name=app].image', kind: 'changed', want: 'shop:1.4', have: 'shop:1.4-hotfix' },
          { path: '.metadata.labels.tier', kind: 'missing-live', want: 'web' },
        ],
        suppressed: [{ path: '.spec.replicas', kind: 'changed', want: 2, have: 5, rule: 'hpa-replicas' }],
      }),
    ]);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.match(page, /<td><code>\.spec\.template\.spec\.containers\[name=app\]\.image<\/code><\/td><td><code>&quot;shop:1\.4&quot;<\/code><\/td><td><code>&quot;shop:1\.4-hotfix&quot;<\/code><\/td>/);
    assert.match(page, /<td class="kd-absent">not set live<\/td>/);
    assert.match(page, /<span class="d-del">-replicas: 2<\/span><span class="d-add">\+replicas: 5<\/span>/);
    assert.match(page, /<details class="kd-suppressed" id="Deployment\/shop\/web\/suppressed"><summary>1 suppressed difference \(not drift\)<\/summary>.*<code>hpa-replicas<\/code>/s);
  });

  test('explains each rule that hid a suppressed difference, once per rule, as visible text', () => {
    const replicas = { path: '.spec.replicas', kind: 'changed', want: 2, have: 5, rule: 'hpa-replicas' } as const;
    const report = makeReport([
      makeObject('Deployment', 'shop', 'web', 'drifted', {
        suppressed: [
          replicas,
          { ...replicas, path: '.spec.template.spec.containers[name=app].resources.limits.cpu', want: '1', have: '1000m', rule: 'quantity' },
          { ...replicas, path: '.spec.other' },
        ],
      }),
    ]);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    const section = /<details class="kd-suppressed"[^>]*>(.*?)<\/details>/s.exec(page)?.[1] ?? '';
    const hpa = explainRule('hpa-replicas');
    assert.ok(hpa, 'the compare engine explains hpa-replicas');
    const legend = [...section.matchAll(/<li><code class="kd-rule">([^<]+)<\/code> ([^<]+)<\/li>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(legend, [
      ['hpa-replicas', escapeHtml(hpa)],
      ['quantity', escapeHtml(explainRule('quantity') ?? '')],
    ]);
    // The legend is outside any title attribute: it is text a phone shows.
    assert.equal(/title=/.test(section), false);
    // Only the rules of the rows shown are explained: the size bound holds.
    const bounded = renderKubediffPage(makePageData(report), NO_FILTER, { ...DEFAULT_PAGE_LIMITS, differences: 1 });
    assert.deepEqual([...bounded.matchAll(/<code class="kd-rule">([^<]+)</g)].map((m) => m[1]), ['hpa-replicas']);
  });

  test('renders a suppressed difference with an unknown rule id, or none, without an explanation to show', () => {
    const report = makeReport([
      makeObject('Deployment', 'shop', 'web', 'drifted', {
        suppressed: [
          { path: '.spec.replicas', kind: 'changed', want: 2, have: 5, rule: 'from-a-newer-kubediff' },
          { path: '.spec.paused', kind: 'changed', want: false },
        ],
      }),
    ]);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.match(page, /<li><code class="kd-rule">from-a-newer-kubediff<\/code> a rule this version of kubediff does not know\.<\/li>/);
    assert.equal([...page.matchAll(/class="kd-rule"/g)].length, 1);
    assert.match(page, /<td><code>\.spec\.paused<\/code><\/td>/);
  });

  test('honours the filter on the server (namespace, kind, state, search)', () => {
    const report = makeReport([
      makeObject('Deployment', 'shop', 'web', 'drifted'),
      makeObject('Deployment', 'billing', 'api', 'drifted'),
      makeObject('ConfigMap', 'shop', 'settings', 'missing'),
      makeObject('Service', 'shop', 'web', 'in-sync'),
    ]);
    const ids = (query: string) =>
      [...renderKubediffPage(makePageData(report), parsePageFilter(new URLSearchParams(query))).matchAll(/ id="((?:Deployment|ConfigMap|Service)\/[^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids('ns=shop'), ['ConfigMap/shop/settings', 'Deployment/shop/web', 'Service/shop/web']);
    assert.deepEqual(ids('kind=deployment'), ['Deployment/billing/api', 'Deployment/shop/web']);
    assert.deepEqual(ids('state=missing'), ['ConfigMap/shop/settings']);
    assert.deepEqual(ids('q=API'), ['Deployment/billing/api']);
    assert.deepEqual(ids('state=bogus&ns=shop&kind=Deployment'), ['Deployment/shop/web']);
    const inSync = renderKubediffPage(makePageData(report), parsePageFilter(new URLSearchParams('state=in-sync')));
    assert.match(inSync, /<details class="kd-insync" id="kd-in-sync" open>/);
    assert.match(inSync, /<option value="in-sync" selected>/);
  });

  test('stays bounded with thousands of drifted objects and points to the JSON for the rest', () => {
    const report = syntheticDriftReport(3000);
    const limits = { ...DEFAULT_PAGE_LIMITS, detailedObjects: 100, listedObjects: 1000 };
    const page = renderKubediffPage(makePageData(report), NO_FILTER, limits);
    assert.equal([...page.matchAll(/<details class="kd-obj"/g)].length, 100);
    assert.equal([...page.matchAll(/<li class="kd-line"/g)].length, 1000);
    assert.match(page, /the first 100 objects are shown in full and 1000 more objects as one line each/);
    assert.match(page, /1900 more objects not shown to keep this page small: see <a href="\/api\/v1\/status">the JSON<\/a>/);
    assert.ok(page.length < 3_000_000, `page is ${page.length} bytes`);
  });

  test('cuts long diffs and values', () => {
    const long = 'x'.repeat(5000);
    const diff = ['--- git', '+++ live', ...Array.from({ length: 500 }, (_, i) => `+line ${i}`)].join('\n');
    const report = makeReport([
      makeObject('ConfigMap', 'shop', 'big', 'drifted', { differences: [{ path: '.data.big', kind: 'changed', want: long, have: 'y' }], diff }),
    ]);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.match(page, /… 302 more lines/);
    assert.match(page, /… \(4502 more characters\)/);
    assert.equal(page.includes(long), false);
  });

  test('an unreachable cluster shows the error first and never reads as in sync', () => {
    const report = makeReport([], { errors: [{ kind: 'cluster', message: 'connect ECONNREFUSED 127.0.0.1:6443' }], exitCode: 1 });
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.match(page, /<h1>Error: 1 error<\/h1>/);
    assert.match(page, /<h2>1 error in this run<\/h2><ul><li><span class="kd-badge kd-error">cluster<\/span> connect ECONNREFUSED 127\.0\.0\.1:6443<\/li>/);
    assert.match(page, /No object was checked: see the errors above\./);
    assert.equal(page.includes('Every object matches git'), false);
  });

  test('says when the last run timed out without a result', () => {
    const page = renderKubediffPage(
      makePageData(undefined, { lastRun: { startedAt: '2026-11-22T13:00:00Z', durationMs: 600_000, exitCode: 124, timedOut: true } }),
      NO_FILTER,
    );
    assert.match(page, /<h1>Timed out after 10m00s<\/h1>/);
    assert.match(page, /The last run produced no result to show \(it was interrupted\): see <a href="\/output.txt">its output<\/a>/);
  });

  test('says when nothing ran yet, when waiting, and when in sync', () => {
    assert.match(renderKubediffPage(makePageData(undefined), NO_FILTER), /<h1>Waiting for the first run<\/h1>/);
    assert.match(renderKubediffPage(makePageData(undefined, { waiting: 'waiting for /git/repo' }), NO_FILTER), /<h1>Waiting for \/git\/repo<\/h1>/);
    const ok = renderKubediffPage(makePageData(makeReport([makeObject('Service', 'shop', 'web', 'in-sync')])), NO_FILTER);
    assert.match(ok, /<h1>In sync: 1 object match git<\/h1>/);
    assert.match(ok, /Every object matches git/);
    assert.match(ok, /<noscript><meta http-equiv="refresh" content="5"><\/noscript>/);
  });

  test('a built object names its kustomization, the document of the build and the file it came from; the search finds it by that file', () => {
    const build = { tool: 'kustomize' as const, command: 'kubectl kustomize ldap/overlays/prod', origin: 'ldap/base/deployment.yaml' };
    const report = makeReport([
      makeObject('Deployment', 'ldap-prod', 'prod-ldap', 'drifted', { source: { file: 'ldap/overlays/prod', document: 4, build } }),
      makeObject('Service', 'ldap-prod', 'prod-ldap', 'drifted'),
    ]);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.ok(page.includes('from <code>ldap/overlays/prod (kustomize build), document 5, from ldap/base/deployment.yaml</code>'), page);
    const found = renderKubediffPage(makePageData(report), parsePageFilter(new URLSearchParams('q=base/deployment.yaml')));
    assert.match(found, /Filter matches 1 object of 2/);
  });

  test('never says "In sync" for zero objects, even from a report that exited 0 (as an older checker wrote)', () => {
    const page = renderKubediffPage(makePageData(makeReport([], { exitCode: 0 })), NO_FILTER);
    assert.match(page, /<h1>Nothing checked: no objects were found in git<\/h1>/);
    assert.equal(page.includes('In sync'), false);
    assert.equal(page.includes('Every object matches git'), false);
  });
});
