// Keys named __proto__, constructor or toString are ordinary keys in
// Kubernetes data (a ConfigMap's or Secret's data, a custom resource's spec):
// compared, and shown in the diff, like any other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareObject } from '../../../src/kubediff/compare/compare.js';
import { applied, noHpa, type Obj } from './helpers.js';

const configMap = (data: string): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: JSON.parse(data) as Obj });

test('a changed value under __proto__ is a difference and shows in the diff', () => {
  const git = configMap('{"__proto__":"x","constructor":"y","b":"z"}');
  const live = applied(git, configMap('{"__proto__":"changed","constructor":"y","b":"z"}'));
  const result = compareObject(git, live, noHpa);
  assert.deepEqual(result.differences.map((d) => d.path), ['.data.__proto__']);
  // The diff's projection kept the key ({}[key] = set the prototype, and the lines were missing).
  assert.match(result.diff, /^-\s+__proto__: changed$/m);
  assert.match(result.diff, /^\+\s+__proto__: x$/m);
});

test('a key named constructor, toString or __proto__ that live lacks is missing live, not changed to what Object.prototype holds', () => {
  for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
    const git = configMap(`{"${key}":"x","b":"z"}`);
    const result = compareObject(git, applied(git, configMap('{"b":"z"}')), noHpa);
    // It read have[key] through the prototype: "changed" against a function (or {} for __proto__).
    assert.deepEqual(result.differences, [{ path: `.data.${key}`, kind: 'missing-live', want: 'x' }], key);
  }
});
