import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIdentityField, isIgnoredField, isLiteralMap, isQuantityField } from '../../../src/kubediff/compare/fields.js';
import { fieldSite, itemSite, ROOT, type Site } from '../../../src/kubediff/compare/site.js';

const at = (...keys: string[]): Site => keys.reduce(fieldSite, ROOT);

test('bookkeeping, status and identity are ignored', () => {
  assert.ok(isIgnoredField(ROOT, 'status', {}));
  assert.ok(isIgnoredField(ROOT, 'apiVersion', {}));
  assert.ok(!isIgnoredField(ROOT, 'spec', {}));
  for (const key of ['creationTimestamp', 'uid', 'resourceVersion', 'generation', 'managedFields', 'selfLink']) {
    assert.ok(isIgnoredField(at('metadata'), key, {}), key);
    assert.ok(isIgnoredField(at('spec', 'template', 'metadata'), key, {}), key);
  }
  assert.ok(!isIgnoredField(at('metadata'), 'labels', {}));
  for (const key of ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'kubectl.kubernetes.io/restartedAt']) {
    assert.ok(isIgnoredField(at('spec', 'template', 'metadata', 'annotations'), key, {}), key);
  }
  assert.ok(!isIgnoredField(at('metadata', 'annotations'), 'example.com/x', {}));
  assert.ok(isIgnoredField(itemSite(at('spec', 'volumeClaimTemplates'), 0), 'status', { metadata: {}, spec: {} }));
  assert.ok(!isIgnoredField(at('data'), 'status', { status: 'x' }));
  assert.ok(isIdentityField(at('metadata', 'namespace')));
  assert.ok(!isIdentityField(at('spec', 'metadata', 'namespace')));
});

test('Quantity fields are recognised where Kubernetes has them', () => {
  assert.ok(isQuantityField(at('spec', 'resources', 'limits', 'cpu')));
  assert.ok(isQuantityField(at('spec', 'resources', 'requests', 'storage')));
  assert.ok(isQuantityField(at('spec', 'hard', 'requests.memory')));
  assert.ok(isQuantityField(fieldSite(fieldSite(itemSite(at('spec', 'limits'), 0), 'max'), 'cpu')));
  assert.ok(isQuantityField(at('emptyDir', 'sizeLimit')));
  assert.ok(isQuantityField(at('target', 'averageValue')));
  assert.ok(!isQuantityField(at('spec', 'limits')));
  assert.ok(!isQuantityField(at('data', 'cpu')));
});

test('literal maps keep "" as a value', () => {
  assert.ok(isLiteralMap('Deployment', at('metadata', 'labels')));
  assert.ok(isLiteralMap('ConfigMap', at('data')));
  assert.ok(!isLiteralMap('Secret', at('data')));
  assert.ok(isLiteralMap('Service', at('spec', 'selector')));
});
