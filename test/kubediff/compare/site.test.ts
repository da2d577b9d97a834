import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldSite, itemSite, ROOT } from '../../../src/kubediff/compare/site.js';

test('paths read like jq: identifiers dotted, other keys quoted, list items by key or index', () => {
  const containers = fieldSite(fieldSite(fieldSite(fieldSite(fieldSite(ROOT, 'spec'), 'template'), 'spec'), 'containers'), 'x');
  assert.equal(containers.path, '.spec.template.spec.containers.x');
  const item = itemSite(fieldSite(ROOT, 'containers'), 'name=app');
  assert.equal(fieldSite(item, 'image').path, '.containers[name=app].image');
  assert.equal(itemSite(fieldSite(ROOT, 'args'), 2).path, '.args[2]');
  assert.equal(fieldSite(fieldSite(fieldSite(ROOT, 'metadata'), 'labels'), 'app.kubernetes.io/name').path, '.metadata.labels["app.kubernetes.io/name"]');
  assert.equal(fieldSite(fieldSite(ROOT, 'data'), 'wordpress-password').path, '.data.wordpress-password');
  assert.equal(fieldSite(ROOT, 'a"b').path, '["a\\"b"]');
});

test('a list item keeps the field names of its list; its fields see the list as parent', () => {
  const item = itemSite(fieldSite(fieldSite(ROOT, 'spec'), 'containers'), 'name=app');
  assert.deepEqual([item.key, item.parentKey, item.depth], ['containers', 'spec', 3]);
  const ports = fieldSite(item, 'ports');
  assert.deepEqual([ports.key, ports.parentKey, ports.grandKey], ['ports', 'containers', 'spec']);
});
