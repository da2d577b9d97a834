import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASKED, maskObject, maskValue } from '../../../src/kubediff/compare/mask.js';

test('maskObject masks a Secret\'s data, stringData and last-applied annotation, keeping keys', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"a":"c2VjcmV0"}}', note: 'kept' } },
    data: { a: 'c2VjcmV0', empty: null },
    stringData: { b: 'secret' },
  };
  const masked = maskObject(secret);
  assert.deepEqual(masked, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': MASKED, note: 'kept' } },
    data: { a: MASKED, empty: null },
    stringData: { b: MASKED },
  });
  assert.equal(secret.data.a, 'c2VjcmV0', 'the input is not modified');
  assert.ok(!JSON.stringify(masked).includes('secret'));
});

test('maskObject returns anything else as it is', () => {
  const map = { kind: 'ConfigMap', data: { a: 'visible' } };
  assert.equal(maskObject(map), map);
});

test('maskValue masks every leaf, never revealing length', () => {
  assert.deepEqual(maskValue({ a: 'x', b: ['yyyyyyyy', 1] }), { a: MASKED, b: [MASKED, MASKED] });
  assert.equal(maskValue('short', '<m>'), '<m>');
  assert.equal(maskValue(null), null);
});

test('a key named __proto__ is masked and kept as a key, never made the prototype', () => {
  // Masking into a {} set the prototype to the masked map: the key vanished from the diff and its values were inherited.
  const masked = maskValue(JSON.parse('{"__proto__":{"token":"c2VjcmV0"},"b":"x"}')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(masked).sort(), ['__proto__', 'b']);
  assert.equal(JSON.stringify(masked), '{"__proto__":{"token":"<masked>"},"b":"<masked>"}');
  assert.equal((masked as { token?: unknown }).token, undefined);
});
