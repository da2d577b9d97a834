// Secrets in shapes the API server would refuse (data as a list or a string,
// annotations as a list) still never leave compareObject with a value: the
// differences and the diff mask data whatever its shape, and any map that
// carries the last-applied annotation (which holds the values).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareObject } from '../../../src/kubediff/compare/compare.js';
import { MASKED, maskLastApplied } from '../../../src/kubediff/compare/mask.js';
import { applied, noHpa, type Obj } from './helpers.js';

const VALUE = 'hunter2-shape';
const B64 = Buffer.from(VALUE).toString('base64');
const secret = (fields: Obj, metadata: Obj = {}): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n', ...metadata }, ...fields });

function assertNoValue(result: unknown): void {
  const text = JSON.stringify(result);
  for (const needle of [VALUE, B64, B64.replace(/=+$/, '')]) assert.ok(!text.includes(needle), `${needle} in ${text}`);
}

describe('compareObject: Secrets in the wrong shape', () => {
  for (const [shape, data] of [['a list', [B64]], ['a string', B64]] as const) {
    test(`data as ${shape} in git: drift at .data, masked in the differences and the diff`, () => {
      const result = compareObject(secret({ data }), applied(secret({ data: { password: B64 } })), noHpa);
      assert.deepEqual(result.differences.map((d) => d.path), ['.data']);
      assert.match(result.diff, /^\+.*"<masked>"$/m, 'the git side of data is shown, masked');
      assertNoValue(result);
    });
  }

  test('data as a string live: masked in the diff', () => {
    const result = compareObject(secret({ data: { password: B64 } }), secret({ data: B64 }), noHpa);
    assert.deepEqual(result.differences.map((d) => d.path), ['.data']);
    assertNoValue(result);
  });

  test('annotations as a list in git: the live annotations are shown with last-applied masked', () => {
    const live = applied(secret({ data: { password: B64 } }, { annotations: { team: 'payments' } }));
    const result = compareObject(secret({ data: { password: B64 } }, { annotations: [] }), live, noHpa);
    assert.deepEqual(result.differences.map((d) => d.path), ['.metadata.annotations']);
    const have = result.differences[0]?.have as Obj;
    assert.deepEqual(have, { team: 'payments', 'kubectl.kubernetes.io/last-applied-configuration': MASKED });
    assert.match(result.diff, /last-applied-configuration: "<masked>"/);
    assertNoValue(result);
  });

  test('maskLastApplied masks the annotation at any depth and leaves the rest', () => {
    const value = { a: [{ 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{}}', b: 'kept' }], c: 1 };
    assert.deepEqual(maskLastApplied(value), { a: [{ 'kubectl.kubernetes.io/last-applied-configuration': MASKED, b: 'kept' }], c: 1 });
    assert.equal(value.a[0]?.['kubectl.kubernetes.io/last-applied-configuration'], '{"data":{}}', 'the input is not modified');
  });
});
