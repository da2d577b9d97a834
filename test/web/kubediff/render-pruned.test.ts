// The page's "git has fields the API server drops" fold: the objects whose
// manifests carry fields the cluster's schema does not declare (rule
// `pruned`), in sync or not, with the paths, escaped and bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_FILTER } from '../../../src/web/kubediff/filter.js';
import { renderKubediffPage } from '../../../src/web/kubediff/page.js';
import { DEFAULT_PAGE_LIMITS } from '../../../src/web/kubediff/page-data.js';
import { makeObject, makePageData, makeReport } from './report-fixture.js';

const pruned = (path: string) => ({ path, kind: 'missing-live' as const, want: 'x', rule: 'pruned' });

test('lists the objects with pruned fields, in sync ones included, linking each to its entry', () => {
  const queue = makeObject('ClusterQueue', '', 'team-a', 'in-sync', { suppressed: [pruned('.spec.bogus'), { path: '.spec.cpu', kind: 'changed', want: '2000m', have: '2', rule: 'quantity' }] });
  const cert = makeObject('Certificate', 'default', 'web', 'drifted', { suppressed: [pruned('.spec.issuerRef.apiVersion')], differences: [{ path: '.spec.secretName', kind: 'changed', want: 'a', have: 'b' }] });
  const plain = makeObject('ConfigMap', 'default', 'settings', 'in-sync');
  const page = renderKubediffPage(makePageData(makeReport([queue, cert, plain])), NO_FILTER);
  assert.match(page, /<summary>git has fields the API server drops: 2 objects<\/summary>/);
  assert.ok(page.includes('<code>.spec.bogus</code>'));
  assert.ok(page.includes('<code>.spec.issuerRef.apiVersion</code>'));
  assert.ok(page.includes('href="#Certificate/default/web"'));
  const fold = page.slice(page.indexOf('id="kd-pruned"'), page.indexOf('</details>', page.indexOf('id="kd-pruned"')));
  assert.equal(fold.includes('settings'), false, 'an object without pruned fields is not listed');
  assert.equal(fold.includes('.spec.cpu'), false, 'other rules are not listed here');
});

test('absent when nothing is pruned; escaped and bounded when much is', () => {
  const page = renderKubediffPage(makePageData(makeReport([makeObject('ConfigMap', 'default', 'settings', 'in-sync')])), NO_FILTER);
  assert.equal(page.includes('kd-pruned'), false);

  const many = Array.from({ length: DEFAULT_PAGE_LIMITS.differences + 3 }, (_, i) => pruned(`.spec["<b>${i}</b>"]`));
  const hostile = makeReport([makeObject('Widget', 'default', 'w', 'in-sync', { suppressed: many })]);
  const rendered = renderKubediffPage(makePageData(hostile), NO_FILTER);
  assert.equal(rendered.includes('<b>0</b>'), false);
  assert.ok(rendered.includes('&lt;b&gt;0&lt;/b&gt;'));
  assert.ok(rendered.includes('and 3 more fields'));
});
