import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSecretProjection, objectLabel, renderMissingDiff, renderUnifiedDiff } from '../../../src/kubediff/compare/unified-diff.js';

test('labels name kind, namespace and name', () => {
  assert.equal(objectLabel({ kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } }), 'Deployment/prod/web');
  assert.equal(objectLabel({ kind: 'ClusterRole', metadata: { name: 'view' } }), 'ClusterRole/view');
  assert.equal(objectLabel({ kind: 'Secret', metadata: { name: 's' } }, { metadata: { namespace: 'from-live' } }), 'Secret/from-live/s');
});

test('renders a unified diff of live (old) and git (new) as YAML', () => {
  const diff = renderUnifiedDiff('Deployment/prod/web', { spec: { replicas: 3 } }, { spec: { replicas: 1 } });
  assert.equal(diff, [
    '--- live/Deployment/prod/web',
    '+++ git/Deployment/prod/web',
    '@@ -1,2 +1,2 @@',
    ' spec:',
    '-  replicas: 1',
    '+  replicas: 3',
    '',
  ].join('\n'));
  assert.equal(renderUnifiedDiff('X/y', { a: 1 }, { a: 1 }), '');
});

test('a missing object is all added lines, with Secret values masked', () => {
  const diff = renderMissingDiff({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { token: 'c2VjcmV0' } });
  assert.match(diff, /^--- live\/Secret\/n\/s\n\+\+\+ git\/Secret\/n\/s\n@@ -0,0 \+1,\d+ @@\n/);
  assert.ok(diff.split('\n').slice(3).filter(Boolean).every((line) => line.startsWith('+')));
  assert.match(diff, /^\+ {2}token: "?<masked>"?$/m);
  assert.ok(!diff.includes('c2VjcmV0'));
});

test('Secret projections show a changed value as a changed line without either value', () => {
  const { git, live } = maskSecretProjection({ data: { same: 'YQ==', changed: 'Yg==', added: 'Yw==' } }, { data: { same: 'YQ==', changed: 'ZA==' } });
  assert.deepEqual(git, { data: { same: '<masked>', changed: '<masked: git value>', added: '<masked: git value>' } });
  assert.deepEqual(live, { data: { same: '<masked>', changed: '<masked: live value, differs>' } });
});
