import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lastAppliedOf, normalizeObject } from '../../../src/kubediff/compare/normalize.js';

test('a Secret\'s stringData is folded into base64 data, winning over data', () => {
  const secret = { kind: 'Secret', data: { a: 'b2xk', keep: 'aw==' }, stringData: { a: 'new', 'ü': 'ü', gone: null } };
  assert.deepEqual(normalizeObject(secret), {
    kind: 'Secret',
    data: { a: Buffer.from('new').toString('base64'), keep: 'aw==', 'ü': Buffer.from('ü', 'utf8').toString('base64'), gone: null },
  });
  assert.deepEqual(secret.stringData.a, 'new', 'the input is not modified');
});

test('Endpoints subsets are put in a canonical order', () => {
  const a = { addresses: [{ ip: '10.0.0.2' }], ports: [{ port: 80 }] };
  const b = { addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] };
  assert.deepEqual(normalizeObject({ kind: 'Endpoints', subsets: [a, b] }), { kind: 'Endpoints', subsets: [b, a] });
  assert.deepEqual(normalizeObject({ kind: 'Endpoints', subsets: [b, a] }), { kind: 'Endpoints', subsets: [b, a] });
});

test('other objects are left alone', () => {
  const map = { kind: 'ConfigMap', data: { a: 'b' } };
  assert.equal(normalizeObject(map), map);
});

test('lastAppliedOf reads and normalizes the annotation; undefined when absent or not JSON', () => {
  const annotation = 'kubectl.kubernetes.io/last-applied-configuration';
  const live = { metadata: { annotations: { [annotation]: '{"kind":"Secret","stringData":{"a":"x"}}\n' } } };
  assert.deepEqual(lastAppliedOf(live), { kind: 'Secret', data: { a: 'eA==' } });
  assert.equal(lastAppliedOf({ metadata: {} }), undefined);
  assert.equal(lastAppliedOf({ metadata: { annotations: { [annotation]: '{not json' } } }), undefined);
  assert.equal(lastAppliedOf({ metadata: { annotations: { [annotation]: '[1]' } } }), undefined);
});

test('a Secret whose stringData value is a map or a list: an error saying so, not String() of it', () => {
  // {toString: 1} made String() throw "Cannot convert object to primitive value"; another map read "[object Object]".
  for (const [value, what] of [[{ toString: 1 }, 'a map'], [{ a: 'b' }, 'a map'], [['x'], 'a list']] as const) {
    assert.throws(() => normalizeObject({ kind: 'Secret', stringData: { key: value } }), new RegExp(`^Error: stringData\\["key"\\] is ${what}, not a string, which the API server refuses`));
  }
});

test('a Secret key named __proto__ (a valid key) in stringData is kept, so its drift is seen', () => {
  // Assigned into a {} it set the prototype instead and was lost: a changed live value read as in sync.
  const secret = JSON.parse('{"kind":"Secret","data":{"a":"eA=="},"stringData":{"__proto__":"x","constructor":"y"}}') as Record<string, unknown>;
  const data = normalizeObject(secret).data as Record<string, unknown>;
  assert.deepEqual(Object.keys(data).sort(), ['__proto__', 'a', 'constructor']);
  assert.equal(Object.getOwnPropertyDescriptor(data, '__proto__')?.value, 'eA==');
});
