import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareScalars } from '../../../src/kubediff/compare/scalars.js';
import { fieldSite, ROOT, type Site } from '../../../src/kubediff/compare/site.js';

const at = (...keys: string[]): Site => keys.reduce(fieldSite, ROOT);

test('equal values are equal', () => {
  assert.equal(compareScalars('a', 'a', at('x')), 'equal');
  assert.equal(compareScalars(1.0, 1, at('x')), 'equal');
  assert.equal(compareScalars(true, true, at('x')), 'equal');
});

test('quantities are equal by value only in Quantity fields', () => {
  assert.equal(compareScalars('1Gi', '1024Mi', at('resources', 'limits', 'memory')), 'quantity');
  assert.equal(compareScalars(1, '1', at('resources', 'requests', 'cpu')), 'quantity');
  assert.equal(compareScalars('1Gi', '1024Mi', at('data', 'size')), 'changed');
  assert.equal(compareScalars('1Gi', '2Gi', at('resources', 'limits', 'memory')), 'changed');
});

test('numbers and numeric strings are equal by value (int-or-string)', () => {
  assert.equal(compareScalars(80, '80', at('targetPort')), 'int-or-string');
  assert.equal(compareScalars('80', 80, at('targetPort')), 'int-or-string');
  assert.equal(compareScalars(80, '81', at('targetPort')), 'changed');
  assert.equal(compareScalars(80, 'http', at('targetPort')), 'changed');
  assert.equal(compareScalars(1, 'true', at('x')), 'changed');
  assert.equal(compareScalars(0, '', at('x')), 'changed');
});

test('an image pinned to a digest equals the image', () => {
  const digest = `@sha256:${'0f'.repeat(32)}`;
  assert.equal(compareScalars('nginx:1', `nginx:1${digest}`, at('image')), 'image-digest');
  assert.equal(compareScalars('nginx', `nginx${digest}`, at('image')), 'image-digest');
  assert.equal(compareScalars('nginx:1', `nginx:1${digest}`, at('name')), 'changed');
  assert.equal(compareScalars('nginx:1', `nginx:10${digest}`, at('image')), 'changed');
  assert.equal(compareScalars(`nginx:1${digest}`, 'nginx:1', at('image')), 'changed');
});
