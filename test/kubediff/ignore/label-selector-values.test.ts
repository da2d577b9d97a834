// The labels an ignore rule's labelSelector is matched against are the ones
// git gives the object, so they may be anything a manifest holds: a value that
// is not a string is compared as its JSON, never through String(), which
// throws for a map with a key named toString.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLabelSelector } from '../../../src/kubediff/ignore/label-selector.js';

test('a label value that is a map (even one with a toString key) is no match and no crash', () => {
  const labels = JSON.parse('{"a":{"toString":1},"b":1,"c":true}') as Record<string, unknown>;
  assert.equal(parseLabelSelector('a=x').matches(labels), false);
  assert.equal(parseLabelSelector('a').matches(labels), true);
  assert.equal(parseLabelSelector('b=1').matches(labels), true);
  assert.equal(parseLabelSelector('c in (true)').matches(labels), true);
});
