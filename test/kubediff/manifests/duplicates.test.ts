import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitDuplicates } from '../../../src/kubediff/manifests/index.js';

describe('splitDuplicates', () => {
  test('keeps the first definition and reports each later one naming both places', () => {
    const items = [
      { key: 'a', source: { file: 'one.yaml', document: 0, line: 1 } },
      { key: 'b', source: { file: 'one.yaml', document: 1, line: 9 } },
      { key: 'a', source: { file: 'two.yaml', document: 3, line: 20 } },
    ];
    const { unique, duplicates } = splitDuplicates(items, (i) => i.key, (i) => `ConfigMap ${i.key}`);
    assert.deepEqual(unique.map((i) => i.source.file), ['one.yaml', 'one.yaml']);
    assert.equal(duplicates.length, 1);
    const error = duplicates[0]?.error;
    assert.deepEqual([error?.kind, error?.file, error?.document, error?.line], ['manifest', 'two.yaml', 3, 20]);
    assert.match(error?.message ?? '', /one\.yaml \(document 1, line 1\).*two\.yaml \(document 4, line 20\)/);
  });
});
