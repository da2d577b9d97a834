// false and 0 in git against a field absent live: the same value where the
// server drops it (plain omitempty fields), drift where it keeps it (pointer
// fields, several of them security settings), through the public API.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareObject, explainRule } from '../../../src/kubediff/compare/compare.js';
import { keepsZeroValue } from '../../../src/kubediff/compare/kept-zero-fields.js';
import { fieldSite, ROOT, type Site } from '../../../src/kubediff/compare/site.js';
import { applied, deployment, noHpa, type Obj } from './helpers.js';

const APP = '.spec.template.spec.containers[name=app]';

function podSpec(spec: Obj): Obj {
  return deployment({}, { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec } } });
}

function siteOf(...keys: string[]): Site {
  return keys.reduce(fieldSite, ROOT);
}

describe('compareObject: false and 0 in git, absent live', () => {
  test('allowPrivilegeEscalation: false removed live is drift (a pointer the server keeps)', () => {
    const git = deployment({ securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true } });
    const live = deployment({ securityContext: { runAsNonRoot: true } });
    const result = compareObject(git, applied(git, live), noHpa);
    assert.deepEqual(result.differences, [
      { path: `${APP}.securityContext.allowPrivilegeEscalation`, kind: 'missing-live', want: false },
    ]);
    assert.deepEqual(result.suppressed, []);
    assert.match(result.diff, /^\+\s+allowPrivilegeEscalation: false$/m);
  });

  test('runAsUser: 0 removed live is drift, in a container and in the pod security context', () => {
    const git = podSpec({
      securityContext: { runAsUser: 0, runAsGroup: 0 },
      containers: [{ name: 'app', image: 'nginx:1.25', securityContext: { runAsUser: 0, readOnlyRootFilesystem: false, privileged: false } }],
    });
    const live = podSpec({ securityContext: {}, containers: [{ name: 'app', image: 'nginx:1.25', securityContext: {} }] });
    assert.deepEqual(compareObject(git, live, noHpa).differences.map((d) => `${d.path} ${d.kind}`), [
      `${APP}.securityContext.runAsUser missing-live`,
      `${APP}.securityContext.readOnlyRootFilesystem missing-live`,
      `${APP}.securityContext.privileged missing-live`,
      '.spec.template.spec.securityContext.runAsUser missing-live',
      '.spec.template.spec.securityContext.runAsGroup missing-live',
    ]);
  });

  test('automountServiceAccountToken: false removed live is drift, in a pod spec and in a ServiceAccount', () => {
    const result = compareObject(podSpec({ automountServiceAccountToken: false }), podSpec({}), noHpa);
    assert.deepEqual(result.differences, [
      { path: '.spec.template.spec.automountServiceAccountToken', kind: 'missing-live', want: false },
    ]);
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'prod' }, automountServiceAccountToken: false };
    const { automountServiceAccountToken: _removed, ...accountLive } = account;
    assert.deepEqual(compareObject(account, accountLive, noHpa).differences, [
      { path: '.automountServiceAccountToken', kind: 'missing-live', want: false },
    ]);
  });

  test('replicas: 0 in git, absent live is drift; an HPA still explains it', () => {
    const git = deployment({}, { replicas: 0 });
    const live = deployment({});
    delete (live.spec as Obj).replicas;
    assert.deepEqual(compareObject(git, live, noHpa).differences, [{ path: '.spec.replicas', kind: 'missing-live', want: 0 }]);
    const scaled = compareObject(git, live, { hpaTargeted: true });
    assert.deepEqual(scaled.differences, []);
    assert.deepEqual(scaled.suppressed, [{ path: '.spec.replicas', kind: 'missing-live', want: 0, rule: 'hpa-replicas' }]);
  });

  test('suspend: false of a CronJob removed live is drift', () => {
    const cronJob = (spec: Obj): Obj => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '@daily', ...spec } });
    assert.deepEqual(compareObject(cronJob({ suspend: false, successfulJobsHistoryLimit: 0 }), cronJob({}), noHpa).differences.map((d) => d.path), [
      '.spec.suspend',
      '.spec.successfulJobsHistoryLimit',
    ]);
  });

  test('hostNetwork: false absent live is in sync (the server drops it), recorded as zero-value', () => {
    const git = podSpec({ hostNetwork: false, hostPID: false, containers: [{ name: 'app', image: 'nginx:1.25', tty: false }] });
    const result = compareObject(git, applied(git, podSpec({})), noHpa);
    assert.deepEqual(result.differences, []);
    assert.equal(result.diff, '');
    assert.deepEqual(result.suppressed, [
      { path: `${APP}.tty`, kind: 'missing-live', want: false, rule: 'zero-value' },
      { path: '.spec.template.spec.hostNetwork', kind: 'missing-live', want: false, rule: 'zero-value' },
      { path: '.spec.template.spec.hostPID', kind: 'missing-live', want: false, rule: 'zero-value' },
    ]);
    assert.match(explainRule('zero-value') ?? '', /hostNetwork/);
  });

  test('minReadySeconds: 0 and paused: false absent live are in sync, recorded as zero-value', () => {
    const result = compareObject(deployment({}, { minReadySeconds: 0, paused: false }), deployment({}), noHpa);
    assert.deepEqual(result.differences, []);
    assert.deepEqual(result.suppressed.map((s) => `${s.path} ${s.rule}`), ['.spec.minReadySeconds zero-value', '.spec.paused zero-value']);
  });

  test('only false and 0 are recorded: {} [] "" null stay silent (empty-equals-absent)', () => {
    const git = deployment({ env: [], securityContext: {}, workingDir: '', args: null });
    const result = compareObject(git, deployment({}), noHpa);
    assert.deepEqual(result, { differences: [], suppressed: [], diff: '' });
  });

  test('a drifted object shows a suppressed zero value on both sides of the diff, unchanged', () => {
    const git = podSpec({ hostNetwork: false, automountServiceAccountToken: false });
    const result = compareObject(git, podSpec({}), noHpa);
    assert.deepEqual(result.differences.map((d) => d.path), ['.spec.template.spec.automountServiceAccountToken']);
    assert.match(result.diff, /^ {7}hostNetwork: false$/m);
    assert.match(result.diff, /^\+ {6}automountServiceAccountToken: false$/m);
  });

  test('a kept false or 0 that is present live is in sync, and true vs absent stays drift', () => {
    const git = deployment({ securityContext: { allowPrivilegeEscalation: false, runAsUser: 0 } });
    assert.deepEqual(compareObject(git, git, noHpa), { differences: [], suppressed: [], diff: '' });
    assert.equal(compareObject(podSpec({ hostNetwork: true }), podSpec({}), noHpa).differences.length, 1);
  });
});

describe('keepsZeroValue: the pointer fields', () => {
  test('security context fields are pointers in containers and pods, not in a PodSecurityPolicy spec', () => {
    assert.ok(keepsZeroValue(siteOf('spec', 'template', 'spec', 'securityContext', 'runAsUser')));
    assert.ok(keepsZeroValue(siteOf('spec', 'securityContext', 'allowPrivilegeEscalation')));
    // PodSecurityPolicy.spec.privileged and readOnlyRootFilesystem are plain bools.
    assert.ok(!keepsZeroValue(siteOf('spec', 'privileged')));
    assert.ok(!keepsZeroValue(siteOf('spec', 'readOnlyRootFilesystem')));
  });

  test('replicas only at .spec.replicas; plain fields are not listed', () => {
    assert.ok(keepsZeroValue(siteOf('spec', 'replicas')));
    assert.ok(!keepsZeroValue(siteOf('status', 'replicas')));
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC', 'stdin', 'stdinOnce', 'tty', 'paused', 'minReadySeconds', 'readOnly', 'periodSeconds', 'hostUsers']) {
      assert.ok(!keepsZeroValue(siteOf('spec', key)), key);
    }
  });
});
