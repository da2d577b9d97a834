import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareList, liveOnlyList } from '../../../src/kubediff/compare/lists.js';
import type { WalkState } from '../../../src/kubediff/compare/report.js';
import { lastAppliedOwned } from '../../../src/kubediff/ownership/last-applied.js';
import { fieldSite, ROOT, type Site } from '../../../src/kubediff/compare/site.js';

function state(project = false): WalkState {
  return { kind: 'Deployment', hpaTargeted: false, secret: false, aggregated: false, project, differences: [], suppressed: [], handEdited: false };
}
const at = (...keys: string[]): Site => keys.reduce(fieldSite, ROOT);
const REMOVED = { reason: 'removed-from-git', byParts: true } as const;

test('keyed lists: missing, changed and owned extra items by key; unowned extras are ignored', () => {
  const s = state();
  compareList(
    [{ name: 'a', value: '1' }, { name: 'b', value: '2' }, { name: 'c', value: '3' }],
    [{ name: 'c', value: '3' }, { name: 'b', value: '9' }, { name: 'd', value: '4' }, { name: 'e', value: '5' }],
    lastAppliedOwned([{ name: 'd', value: '4' }]),
    at('env'),
    s,
  );
  assert.deepEqual(s.differences, [
    { path: '.env[name=a]', kind: 'missing-live', want: { name: 'a', value: '1' } },
    { path: '.env[name=b].value', kind: 'changed', want: '2', have: '9' },
    { path: '.env[name=d]', kind: 'unexpected-live', have: { name: 'd', value: '4' }, reason: 'removed-from-git' },
  ]);
});

test('a keyed list with duplicate keys is compared as atomic', () => {
  const s = state();
  compareList([{ name: 'a', value: '1' }, { name: 'a', value: '2' }], [{ name: 'a', value: '2' }, { name: 'a', value: '1' }], undefined, at('env'), s);
  assert.deepEqual(s.differences.map((d) => d.path), ['.env[0].value', '.env[1].value']);
});

test('atomic lists: items compared in order, live items beyond git are drift', () => {
  const s = state();
  compareList([{ key: 'a' }], [{ key: 'a', operator: 'Exists' }, { key: 'b' }], undefined, at('tolerations'), s);
  assert.deepEqual(s.differences, [{ path: '.tolerations[1]', kind: 'unexpected-live', have: { key: 'b' } }]);
});

test('projections put live items in git order, extras last', () => {
  const projection = compareList([{ name: 'a' }, { name: 'b' }], [{ name: 'b' }, { name: 'x' }, { name: 'a' }], lastAppliedOwned([{ name: 'x' }]), at('volumes'), state(true));
  assert.deepEqual(projection, { git: [{ name: 'a' }, { name: 'b' }], live: [{ name: 'a' }, { name: 'b' }, { name: 'x' }] });
});

test('a list git dropped: owned keyed items, or the whole atomic list', () => {
  const keyed = state();
  liveOnlyList([{ name: 'a' }, { name: 'b' }], lastAppliedOwned([{ name: 'b' }])!, REMOVED, at('volumes'), keyed);
  assert.deepEqual(keyed.differences.map((d) => d.path), ['.volumes[name=b]']);
  const atomic = state();
  liveOnlyList(['--x'], lastAppliedOwned(['--y'])!, REMOVED, at('args'), atomic);
  assert.deepEqual(atomic.differences, [{ path: '.args', kind: 'unexpected-live', have: ['--x'], reason: 'removed-from-git' }]);
});
