import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { objectsFromDocument } from '../../../src/kubediff/manifests/objects.js';

const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'apps' } };

describe('objectsFromDocument', () => {
  test('keeps an object with its source and its own namespace', () => {
    const { objects, errors } = objectsFromDocument('a.yaml', { index: 2, line: 10, value: configMap });
    assert.deepEqual(errors, []);
    assert.equal(objects.length, 1);
    assert.deepEqual(objects[0], {
      object: configMap, apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', namespace: 'apps',
      source: { file: 'a.yaml', document: 2, line: 10 },
    });
  });

  test('an empty document is neither an object nor an error', () => {
    assert.deepEqual(objectsFromDocument('a.yaml', { index: 0 }), { objects: [], errors: [], notices: [] });
  });

  test('names the fields a document lacks, with file, document and line', () => {
    const { objects, errors } = objectsFromDocument('a.yaml', { index: 1, line: 5, value: { kind: 'ConfigMap', metadata: {} } });
    assert.equal(objects.length, 0);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.kind, 'manifest');
    assert.equal(errors[0]?.file, 'a.yaml');
    assert.equal(errors[0]?.document, 1);
    assert.equal(errors[0]?.line, 5);
    assert.match(errors[0]?.message ?? '', /apiVersion, metadata\.name/);
  });

  test('a document that is not a mapping is an error that names its type, never its value', () => {
    const { errors } = objectsFromDocument('a.yaml', { index: 0, line: 1, value: ['a', 'b'] });
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.message ?? '', /a list/);
    const pasted = objectsFromDocument('a.yaml', { index: 1, line: 3, value: 'hunter2-token' });
    assert.equal(pasted.errors[0]?.message, 'a.yaml, document 2: expected an object with apiVersion, kind and metadata, got a string');
  });

  test('a parse error is an error for that document', () => {
    const { errors } = objectsFromDocument('a.yaml', { index: 3, line: 9, error: 'bad indentation' });
    assert.deepEqual(errors.map((e) => [e.kind, e.file, e.document, e.line]), [['manifest', 'a.yaml', 3, 9]]);
    assert.match(errors[0]?.message ?? '', /bad indentation/);
  });

  test('expands List and *List kinds into their items, each with its line; a bad item is its own error', () => {
    const value = {
      apiVersion: 'v1',
      kind: 'ConfigMapList',
      items: [configMap, { apiVersion: 'v1', kind: 'Secret' }, { apiVersion: 'v1', kind: 'List', items: [{ ...configMap, metadata: { name: 'nested' } }] }],
    };
    const { objects, errors } = objectsFromDocument('l.yaml', { index: 0, line: 1, value, itemLines: [4, 8, 12] });
    assert.deepEqual(objects.map((o) => [o.name, o.source.line]), [['cm', 4], ['nested', 12]]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, 8);
    assert.match(errors[0]?.message ?? '', /document 1, item 2 of the ConfigMapList: missing metadata\.name/);
  });

  test('a kustomize Kustomization document is skipped with a notice', () => {
    const value = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] };
    const result = objectsFromDocument('k/kustomization.yml', { index: 0, line: 1, value });
    assert.deepEqual([result.objects.length, result.errors.length, result.notices.length], [0, 0, 1]);
  });
});
