import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WalkState } from '../../../src/kubediff/compare/report.js';
import { fieldSite, ROOT } from '../../../src/kubediff/compare/site.js';
import { compareMap, compareValue, liveOnly } from '../../../src/kubediff/compare/walk.js';
import { lastAppliedOwned } from '../../../src/kubediff/ownership/last-applied.js';

function state(kind = 'Deployment', project = false): WalkState {
  return { kind, hpaTargeted: false, secret: false, aggregated: false, project, differences: [], suppressed: [], handEdited: false };
}

test('only keys in git are compared; live-only keys need last-applied ownership', () => {
  const s = state();
  compareMap({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3, d: 4 }, e: 5, f: 6 }, lastAppliedOwned({ b: { c: 2 }, f: 6 }), ROOT, s);
  assert.deepEqual(s.differences, [
    { path: '.b.c', kind: 'changed', want: 2, have: 3 },
    { path: '.f', kind: 'unexpected-live', have: 6, reason: 'removed-from-git' },
  ]);
});

test('without a last-applied configuration nothing live-only is drift', () => {
  const s = state();
  compareMap({ a: 1 }, { a: 1, b: 2 }, undefined, ROOT, s);
  assert.deepEqual(s.differences, []);
});

test('live-only maps report only the keys last-applied held', () => {
  const s = state();
  liveOnly({ x: '1', y: '2', z: {} }, lastAppliedOwned({ y: '2', z: {} }), fieldSite(fieldSite(ROOT, 'spec'), 'm'), s);
  assert.deepEqual(s.differences, [{ path: '.spec.m.y', kind: 'unexpected-live', have: '2', reason: 'removed-from-git' }]);
});

test('shape mismatches and missing values', () => {
  const s = state();
  compareValue({ a: 1 }, 'text', undefined, fieldSite(ROOT, 'x'), s, false);
  compareValue(['a'], undefined, undefined, fieldSite(ROOT, 'y'), s, false);
  compareValue(false, undefined, undefined, fieldSite(ROOT, 'hostNetwork'), s, false);
  compareValue(0, undefined, undefined, fieldSite(ROOT, 'minReadySeconds'), s, false);
  assert.deepEqual(s.differences, [
    { path: '.x', kind: 'changed', want: { a: 1 }, have: 'text' },
    { path: '.y', kind: 'missing-live', want: ['a'] },
  ]);
});

test('the projection is git-shaped: unowned live keys left out, ignored fields dropped from both sides', () => {
  const projection = compareMap(
    { metadata: { name: 'a', creationTimestamp: null }, spec: { replicas: 1 }, status: {} },
    { metadata: { name: 'a', uid: 'u' }, spec: { replicas: 2, paused: false }, status: { ready: 1 } },
    undefined,
    ROOT,
    state('Deployment', true),
  );
  assert.deepEqual(projection, {
    git: { metadata: { name: 'a' }, spec: { replicas: 1 } },
    live: { metadata: { name: 'a' }, spec: { replicas: 2 } },
  });
});
