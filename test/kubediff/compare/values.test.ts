import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepEmpty, isEmptyValue, isMap, isScalar } from '../../../src/kubediff/compare/values.js';

test('empty values: null, absent, {}, [] and "" unless literal', () => {
  for (const value of [null, undefined, {}, [], '']) assert.ok(isEmptyValue(value), JSON.stringify(value));
  assert.ok(!isEmptyValue('', true));
  for (const value of [0, false, 'x', [null], { a: null }]) assert.ok(!isEmptyValue(value), JSON.stringify(value));
});

test('deeply empty maps', () => {
  assert.ok(isDeepEmpty({ resources: { limits: {} }, args: [], x: null }));
  assert.ok(!isDeepEmpty({ resources: { limits: { cpu: '1' } } }));
  assert.ok(!isDeepEmpty({ replicas: 0 }));
});

test('maps and scalars', () => {
  assert.ok(isMap({}) && !isMap([]) && !isMap(null));
  assert.ok(isScalar('a') && isScalar(1) && isScalar(false) && !isScalar(null) && !isScalar({}));
});
