// The page's headline agrees with its badges: drifted and missing objects are
// told apart (it said "Drifted: 3 objects" beside "2 drifted, 1 missing").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderStatus, verdict } from '../../../src/web/kubediff/render-status.js';
import type { ObjectState } from '../../../src/kubediff/result.js';
import { makeObject, makePageData, makeReport } from './report-fixture.js';

const report = (...states: ObjectState[]) => makeReport(states.map((state, i) => makeObject('ConfigMap', 'shop', `cm-${i}`, state)));

test('the headline names drifted and missing objects as the badges count them', () => {
  const cases: [ObjectState[], string][] = [
    [['drifted', 'drifted', 'missing', 'in-sync'], 'Out of sync: 2 drifted, 1 missing'],
    [['drifted', 'in-sync'], 'Drifted: 1 object'],
    [['missing', 'missing'], 'Missing: 2 objects'],
    [['error', 'drifted', 'missing'], 'Error: 1 error, 1 drifted, 1 missing'],
    [['error', 'missing'], 'Error: 1 error, 1 missing'],
    [['in-sync'], 'In sync: 1 object match git'],
  ];
  for (const [states, headline] of cases) {
    const data = makePageData(report(...states));
    assert.equal(verdict(data).headline, headline);
    const html = renderStatus(data).toString();
    const badge = (state: string) => Number(new RegExp(`kd-${state}[^"]*"[^>]*>(\\d+) `).exec(html)?.[1]);
    const count = (state: ObjectState) => states.filter((s) => s === state).length;
    assert.deepEqual([badge('drifted'), badge('missing')], [count('drifted'), count('missing')], html);
  }
});
