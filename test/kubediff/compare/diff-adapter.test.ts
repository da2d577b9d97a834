import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffValues } from '../../../src/kubediff/compare/diff-adapter.js';

test('no differences is an empty list, not undefined', () => {
  assert.deepEqual(diffValues({ a: [1, 2] }, { a: [1, 2] }), []);
});

test('array changes are flattened to index paths', () => {
  assert.deepEqual(diffValues(['a', 'b'], ['a', 'c', 'd']), [
    { path: [1], kind: 'changed', want: 'b', have: 'c' },
    { path: [2], kind: 'unexpected-live', have: 'd' },
  ]);
  assert.deepEqual(diffValues({ x: ['a', 'b'] }, { x: ['a'] }), [{ path: ['x', 1], kind: 'missing-live', want: 'b' }]);
});

test('map changes use want (git) and have (live) terms', () => {
  assert.deepEqual(diffValues({ a: 1, b: 2 }, { a: 3, c: 4 }), [
    { path: ['a'], kind: 'changed', want: 1, have: 3 },
    { path: ['b'], kind: 'missing-live', want: 2 },
    { path: ['c'], kind: 'unexpected-live', have: 4 },
  ]);
});
