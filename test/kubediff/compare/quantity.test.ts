import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQuantity, quantitiesEqual, sameQuantity } from '../../../src/kubediff/compare/quantity.js';

describe('parseQuantity', () => {
  test('reads plain numbers, strings and numbers alike', () => {
    assert.deepEqual(parseQuantity('1'), { num: 1n, den: 1n });
    assert.deepEqual(parseQuantity(1), { num: 1n, den: 1n });
    assert.deepEqual(parseQuantity('0'), { num: 0n, den: 1n });
  });

  test('reads decimal SI suffixes', () => {
    assert.ok(sameQuantity('1000m', '1'));
    assert.ok(sameQuantity('0.5', '500m'));
    assert.ok(sameQuantity('1k', '1000'));
    assert.ok(sameQuantity('1M', '1000k'));
    assert.ok(sameQuantity('1G', '1000M'));
    assert.ok(sameQuantity('1T', '1000G'));
    assert.ok(sameQuantity('1P', '1000T'));
    assert.ok(sameQuantity('1E', '1000P'));
    assert.ok(sameQuantity('1000n', '1u'));
    assert.ok(sameQuantity('1000u', '1m'));
  });

  test('reads binary SI suffixes', () => {
    assert.ok(sameQuantity('1Gi', '1024Mi'));
    assert.ok(sameQuantity('1Ki', '1024'));
    assert.ok(sameQuantity('1Ei', '1024Pi'));
    assert.ok(sameQuantity('1.5Gi', '1536Mi'));
    assert.ok(!sameQuantity('1Gi', '1G'));
  });

  test('reads decimal exponents', () => {
    assert.ok(sameQuantity('1e3', '1k'));
    assert.ok(sameQuantity('1E3', '1000'));
    assert.ok(sameQuantity('5e-1', '500m'));
    assert.ok(sameQuantity('12e+2', '1.2k'));
  });

  test('reads signs and fractions written in every form', () => {
    assert.ok(sameQuantity('-1', '-1000m'));
    assert.ok(sameQuantity('+1', '1'));
    assert.ok(sameQuantity('.5', '0.5'));
    assert.ok(sameQuantity('1.', '1'));
  });

  test('is exact where floats are not', () => {
    // 0.1 + 0.2 !== 0.3 in floats; 100m + 200m == 300m here.
    assert.ok(sameQuantity('0.3', '300m'));
    assert.ok(!sameQuantity('0.30000000000000004', '300m'));
    assert.ok(sameQuantity('123456789123456789123', '123456789123456789.123k'));
    assert.ok(!sameQuantity('9007199254740993', '9007199254740992'));
  });

  test('rejects what is not a quantity', () => {
    for (const text of ['', 'abc', '1Gb', '1 Gi', '1ki', 'Gi', '1e', '--1', '1.2.3', '1e999999999']) {
      assert.equal(parseQuantity(text), undefined, text);
    }
    assert.equal(parseQuantity(null), undefined);
    assert.equal(parseQuantity(true), undefined);
    assert.equal(parseQuantity(Number.NaN), undefined);
    assert.ok(!sameQuantity('abc', 'abc'));
  });

  test('quantitiesEqual compares by cross-multiplication', () => {
    assert.ok(quantitiesEqual({ num: 1n, den: 2n }, { num: 500n, den: 1000n }));
    assert.ok(!quantitiesEqual({ num: 1n, den: 2n }, { num: 1n, den: 3n }));
  });
});
