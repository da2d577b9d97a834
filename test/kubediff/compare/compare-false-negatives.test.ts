// The false negatives users hit (no missed drift) and Secret masking, through the public API.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareObject } from '../../../src/kubediff/compare/compare.js';
import { applied, deployment, noHpa, paths, type Obj } from './helpers.js';

describe('compareObject: no false negatives', () => {
  test('a ConfigMap key removed from git but still live is drift when last-applied held it', () => {
    const old = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } };
    const git = { ...old, data: { a: '1' } };
    const result = compareObject(git, applied(old), noHpa);
    assert.deepEqual(result.differences, [{ path: '.data.b', kind: 'unexpected-live', have: '2', reason: 'removed-from-git' }]);
    assert.match(result.diff, /^-\s+b: "2"$/m);
    // Added by someone else (not in last-applied): not git's business.
    assert.deepEqual(compareObject(git, applied(git, old), noHpa).differences, []);
  });

  test('a label and an env var removed from git are drift when last-applied held them', () => {
    const old = deployment({ env: [{ name: 'KEEP', value: '1' }, { name: 'GONE', value: '2' }] });
    (old.metadata as Obj).labels = { app: 'web', team: 'a' };
    const git = deployment({ env: [{ name: 'KEEP', value: '1' }] });
    (git.metadata as Obj).labels = { app: 'web' };
    assert.deepEqual(paths(compareObject(git, applied(old), noHpa)), [
      '.metadata.labels.team',
      '.spec.template.spec.containers[name=app].env[name=GONE]',
    ]);
  });

  test('a whole field removed from git is drift where last-applied held it', () => {
    const old = deployment({ env: [{ name: 'GONE', value: '2' }], args: ['--x'] });
    const git = deployment({});
    assert.deepEqual(paths(compareObject(git, applied(old), noHpa)), [
      '.spec.template.spec.containers[name=app].env[name=GONE]',
      '.spec.template.spec.containers[name=app].args',
    ]);
  });

  test('an item added by hand to an atomic list is drift, whoever added it', () => {
    const git = deployment({}, { template: { spec: { containers: [{ name: 'app', image: 'x' }], tolerations: [{ key: 'a', operator: 'Exists' }] } } });
    const live = deployment({}, { template: { spec: { containers: [{ name: 'app', image: 'x' }], tolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] } } });
    assert.deepEqual(compareObject(git, live, noHpa).differences, [
      { path: '.spec.template.spec.tolerations[1]', kind: 'unexpected-live', have: { key: 'b', operator: 'Exists' } },
    ]);
  });

  test('a field in git absent live is missing-live', () => {
    const git = deployment({ command: ['run'] });
    assert.deepEqual(compareObject(git, deployment({}), noHpa).differences, [
      { path: '.spec.template.spec.containers[name=app].command', kind: 'missing-live', want: ['run'] },
    ]);
  });

  test('a keyed item in git absent live is missing-live, and shown in the diff', () => {
    const git = deployment({}, { template: { spec: { containers: [{ name: 'app', image: 'x' }, { name: 'proxy', image: 'envoy' }] } } });
    const live = deployment({}, { template: { spec: { containers: [{ name: 'app', image: 'x' }] } } });
    const result = compareObject(git, live, noHpa);
    assert.deepEqual(paths(result), ['.spec.template.spec.containers[name=proxy]']);
    assert.match(result.diff, /^\+\s+image: envoy$/m);
  });
});

describe('compareObject: Secret values never leave it', () => {
  const secret = (data: Obj): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data });

  test('changed, missing, removed and suppressed values are all masked', () => {
    const old = secret({ gone: 'R09ORQ==', kept: 'S0VQVA==' });
    const git = secret({ kept: 'TkVXVkFM', added: 'QURERUQ=' });
    const live = applied(old);
    const result = compareObject(git, live, noHpa);
    assert.deepEqual(result.differences, [
      { path: '.data.kept', kind: 'changed', want: '<masked: git value>', have: '<masked: live value, differs>' },
      { path: '.data.added', kind: 'missing-live', want: '<masked>' },
      { path: '.data.gone', kind: 'unexpected-live', have: '<masked>', reason: 'removed-from-git' },
    ]);
    const output = JSON.stringify(result) + result.diff;
    for (const value of ['R09ORQ==', 'S0VQVA==', 'TkVXVkFM', 'QURERUQ=', 'GONE', 'KEPT', 'NEWVAL', 'ADDED']) {
      assert.ok(!output.includes(value), `${value} leaked: ${output}`);
    }
    assert.match(result.diff, /^ {3}name: s$/m, 'the rest of the Secret is shown');
  });

  test('a whole data map missing live is masked', () => {
    const result = compareObject(secret({ a: 'QQ==' }), { ...secret({}), data: undefined }, noHpa);
    assert.deepEqual(result.differences, [{ path: '.data', kind: 'missing-live', want: { a: '<masked>' } }]);
    assert.ok(!result.diff.includes('QQ=='));
  });
});

describe('compareObject: keys that are also Object.prototype names', () => {
  test('a live key named like a prototype member is not taken as owned, and a git one is compared', () => {
    const git = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { constructor: 'a' } };
    const live = applied({ ...git, data: { toString: 'x' } }, { ...git, data: { constructor: 'b', toString: 'x', hasOwnProperty: 'y' } });
    assert.deepEqual(compareObject(git, live, noHpa).differences, [
      { path: '.data.constructor', kind: 'changed', want: 'a', have: 'b' },
      { path: '.data.toString', kind: 'unexpected-live', have: 'x', reason: 'removed-from-git' },
    ]);
  });
});
