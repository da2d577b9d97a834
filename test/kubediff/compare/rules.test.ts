import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPARE_RULES, explainRule } from '../../../src/kubediff/compare/rules.js';

test('each rule has a unique id and a one-line explanation', () => {
  const ids = COMPARE_RULES.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const rule of COMPARE_RULES) {
    assert.ok(!rule.explanation.includes('\n'), rule.id);
    assert.equal(explainRule(rule.id), rule.explanation);
  }
  assert.equal(explainRule('no-such-rule'), undefined);
});

test('the rules recorded on suppressed differences are the ones a reader needs', () => {
  const recorded = COMPARE_RULES.filter((rule) => rule.recorded).map((rule) => rule.id).sort();
  assert.deepEqual(recorded, ['aggregated-clusterrole', 'ca-bundle', 'hpa-replicas', 'image-digest', 'int-or-string', 'pruned', 'quantity', 'schema-default', 'service-allocated', 'zero-value']);
});
