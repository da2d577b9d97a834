import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remapReport } from '../../src/gitsync/remap-report.js';
import type { CheckReport } from '../../src/kubediff/result.js';

const wt = '/git/.worktrees/0123456789abcdef0123456789abcdef01234567';
const report: CheckReport = {
  paths: [`${wt}/k8s`],
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
  objects: [
    {
      ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'cm' },
      source: { file: `${wt}/k8s/cm.yaml`, document: 0, line: 1 },
      state: 'error',
      differences: [],
      suppressed: [],
      error: { kind: 'manifest', message: `bad document in ${wt}/k8s/cm.yaml`, file: `${wt}/k8s/cm.yaml` },
    },
  ],
  errors: [{ kind: 'manifest', message: `cannot parse ${wt}/k8s/x.yaml`, file: `${wt}/k8s/x.yaml`, document: 2 }],
  notices: [`skipped ${wt}/k8s/kustomization.yaml`],
  totals: { objects: 1, inSync: 0, drifted: 0, missing: 0, error: 1, differences: 0, suppressed: 0, suppressedByRule: {} },
  requests: [],
  exitCode: 1,
};

test('maps resolved worktree paths back to the configured ones and sets the revision', () => {
  const revision = { hash: 'a'.repeat(40), shortHash: 'aaaaaaa', subject: 's', author: 'a', committedAt: '2026-01-01T00:00:00.000Z' };
  const mapped = remapReport(report, [{ configured: '/git/repo/k8s', resolved: `${wt}/k8s`, identity: '' }], revision);
  assert.deepEqual(mapped.paths, ['/git/repo/k8s']);
  assert.equal(mapped.objects[0]?.source.file, '/git/repo/k8s/cm.yaml');
  assert.equal(mapped.objects[0]?.source.line, 1);
  assert.equal(mapped.objects[0]?.error?.file, '/git/repo/k8s/cm.yaml');
  assert.equal(mapped.objects[0]?.error?.message, 'bad document in /git/repo/k8s/cm.yaml');
  assert.deepEqual(mapped.errors[0], { kind: 'manifest', message: 'cannot parse /git/repo/k8s/x.yaml', file: '/git/repo/k8s/x.yaml', document: 2 });
  assert.deepEqual(mapped.notices, ['skipped /git/repo/k8s/kustomization.yaml']);
  assert.deepEqual(mapped.revision, revision);
  assert.doesNotMatch(JSON.stringify(mapped), /\.worktrees/);
  assert.equal(mapped.exitCode, 1);
  assert.equal('revision' in remapReport({ ...report, revision }, [], undefined), false, 'an unknown revision is absent');
});

test('a configured path with a trailing slash gives file names without a double slash; the path stays as configured', () => {
  for (const [configured, file] of [
    ['/git/repo/k8s/', '/git/repo/k8s/cm.yaml'],
    ['k8s//', 'k8s/cm.yaml'],
    ['./k8s', 'k8s/cm.yaml'],
  ] as const) {
    const mapped = remapReport({ ...report, notices: [`no manifest files found in ${wt}/k8s`] }, [{ configured, resolved: `${wt}/k8s`, identity: '' }], undefined);
    assert.deepEqual(mapped.paths, [configured]);
    assert.equal(mapped.objects[0]?.source.file, file);
    assert.equal(mapped.objects[0]?.error?.message, `bad document in ${file}`);
    assert.equal(mapped.errors[0]?.file, file.replace('cm.yaml', 'x.yaml'));
    assert.deepEqual(mapped.notices, [`no manifest files found in ${configured}`]);
  }
  // Not behind git-sync's link: the folder resolves to the configured path without its slash.
  const plain = remapReport({ ...report, paths: ['/manifests/k8s'], objects: [], errors: [{ kind: 'manifest', message: 'cannot parse /manifests/k8s/x.yaml', file: '/manifests/k8s/x.yaml' }] }, [{ configured: '/manifests/k8s/', resolved: '/manifests/k8s', identity: '' }], undefined);
  assert.deepEqual(plain.paths, ['/manifests/k8s/']);
  assert.deepEqual(plain.errors[0], { kind: 'manifest', message: 'cannot parse /manifests/k8s/x.yaml', file: '/manifests/k8s/x.yaml' });
});

test('a built object names the configured folder in its command and origin too', () => {
  const built = { tool: 'kustomize' as const, command: `kubectl kustomize ${wt}/k8s/overlays/prod`, origin: `${wt}/k8s/base/deployment.yaml` };
  const object = { ...report.objects[0]!, source: { file: `${wt}/k8s/overlays/prod`, document: 3, build: built } };
  const mapped = remapReport({ ...report, objects: [object] }, [{ configured: '/git/repo/k8s', resolved: `${wt}/k8s`, identity: '' }], undefined);
  assert.deepEqual(mapped.objects[0]?.source, {
    file: '/git/repo/k8s/overlays/prod',
    document: 3,
    build: { tool: 'kustomize', command: 'kubectl kustomize /git/repo/k8s/overlays/prod', origin: '/git/repo/k8s/base/deployment.yaml' },
  });
});
