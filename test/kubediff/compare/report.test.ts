import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSecretValuePath, report, type WalkState } from '../../../src/kubediff/compare/report.js';
import { fieldSite, ROOT, type Site } from '../../../src/kubediff/compare/site.js';

function state(kind: string, extra: Partial<WalkState> = {}): WalkState {
  return { kind, hpaTargeted: false, secret: kind === 'Secret', aggregated: false, project: false, differences: [], suppressed: [], handEdited: false, ...extra };
}
const at = (...keys: string[]): Site => keys.reduce(fieldSite, ROOT);

test('drift goes to differences, explained findings to suppressed with their rule', () => {
  const s = state('Deployment', { hpaTargeted: true });
  assert.equal(report(s, at('spec', 'replicas'), { kind: 'changed', want: 2, have: 5 }), false);
  assert.equal(report(s, at('spec', 'paused'), { kind: 'changed', want: true, have: false }), true);
  assert.equal(report(s, at('spec', 'x'), { kind: 'changed', want: '1', have: 1 }, { rule: 'int-or-string' }), false);
  assert.deepEqual(s.differences, [{ path: '.spec.paused', kind: 'changed', want: true, have: false }]);
  assert.deepEqual(s.suppressed.map((d) => d.rule), ['hpa-replicas', 'int-or-string']);
});

test('injected and allocated values are suppressed only when live-only', () => {
  const webhook = state('MutatingWebhookConfiguration');
  assert.equal(report(webhook, at('webhooks', 'clientConfig', 'caBundle'), { kind: 'unexpected-live', have: 'Q0E=' }), false);
  assert.equal(report(webhook, at('webhooks', 'clientConfig', 'caBundle'), { kind: 'changed', want: 'T0xE', have: 'Q0E=' }), true);
  const service = state('Service');
  assert.equal(report(service, at('spec', 'clusterIP'), { kind: 'unexpected-live', have: '10.0.0.1' }), false);
  assert.equal(report(service, at('spec', 'clusterIP'), { kind: 'changed', want: '10.0.0.2', have: '10.0.0.1' }), true);
  assert.equal(report(state('ConfigMap'), at('spec', 'clusterIP'), { kind: 'unexpected-live', have: '10.0.0.1' }), true);
});

test('Secret values are masked before they are stored, suppressed ones too', () => {
  const s = state('Secret');
  report(s, at('data', 'a'), { kind: 'changed', want: 'c2VjcmV0', have: 'b3RoZXI=' });
  report(s, at('data'), { kind: 'missing-live', want: { a: 'c2VjcmV0' } });
  report(s, at('data', 'b'), { kind: 'unexpected-live', have: 'b3RoZXI=' });
  report(s, at('data', 'c'), { kind: 'changed', want: 1, have: '1' }, { rule: 'int-or-string' });
  report(s, at('metadata', 'labels', 'a'), { kind: 'changed', want: 'x', have: 'y' });
  const stored = JSON.stringify([s.differences, s.suppressed]);
  assert.ok(!stored.includes('c2VjcmV0') && !stored.includes('b3RoZXI='), stored);
  assert.match(stored, /"want":"x","have":"y"/, 'other fields of a Secret are shown');
});

test('secret value paths', () => {
  assert.ok(isSecretValuePath('.data') && isSecretValuePath('.data.a') && isSecretValuePath('.data["a/b"]') && isSecretValuePath('.stringData.x'));
  // Any other top-level field may hold values too: a misspelled `stringdata`, `Data`, a key in brackets.
  assert.ok(isSecretValuePath('.stringdata.password') && isSecretValuePath('.database') && isSecretValuePath('["odd key"]'));
  assert.ok(!isSecretValuePath('.metadata.data') && !isSecretValuePath('.type') && !isSecretValuePath('.immutable') && !isSecretValuePath(''));
});
