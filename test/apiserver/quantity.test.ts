// Canonical quantities, as the API server stores resource amounts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalQuantity } from '../support/apiserver/index.js';

test('decimal amounts take the largest SI suffix that keeps an integer', () => {
  const cases: Array<[string | number, string]> = [
    ['0.5', '500m'], [0.5, '500m'], ['1.5', '1500m'], ['2000m', '2'], ['1000', '1k'], ['1500000', '1500k'],
    ['0.0001', '100u'], ['100m', '100m'], ['1', '1'], [2, '2'], ['0', '0'], ['-0.5', '-500m'], ['12345', '12345'],
  ];
  for (const [input, expected] of cases) assert.equal(canonicalQuantity(input), expected, String(input));
});

test('binary amounts take the largest binary suffix that keeps an integer', () => {
  const cases: Array<[string, string]> = [
    ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['1000Mi', '1000Mi'], ['30Gi', '30Gi'], ['2048Ki', '2Mi'], ['0.5Ki', '512'],
  ];
  for (const [input, expected] of cases) assert.equal(canonicalQuantity(input), expected, input);
});

test('exponent notation stays in exponent form; non-quantities are undefined', () => {
  assert.equal(canonicalQuantity('1e3'), '1e3');
  assert.equal(canonicalQuantity('12e2'), '1200');
  assert.equal(canonicalQuantity('abc'), undefined);
  assert.equal(canonicalQuantity('1Qi'), undefined);
  assert.equal(canonicalQuantity(''), undefined);
});
