// A CheckReport with one object in each state, for the renderer tests.
import type { CheckReport, ObjectResult } from '../../../src/kubediff/result.js';

const drifted: ObjectResult = {
  ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' },
  source: { file: 'k8s/web.yaml', document: 0, line: 1 },
  state: 'drifted',
  differences: [
    { path: '.spec.replicas', kind: 'changed', want: 3, have: 1 },
    { path: '.spec.template.spec.containers[name=app].image', kind: 'changed', want: 'nginx:1.25', have: 'nginx:1.24' },
    { path: '.metadata.labels.team', kind: 'missing-live', want: 'payments' },
    { path: '.spec.template.spec.containers[name=app].args', kind: 'changed', want: ['--a'], have: ['--a', '--debug'] },
  ],
  suppressed: [{ path: '.spec.template.spec.containers[name=app].resources.limits.cpu', kind: 'changed', want: '1', have: '1000m', rule: 'quantity' }],
  diff: '--- live/Deployment/default/web\n+++ git/Deployment/default/web\n@@ -1,2 +1,2 @@\n-replicas: 1\n+replicas: 3\n',
};

const secret: ObjectResult = {
  ref: { apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: 'creds' },
  source: { file: 'k8s/creds.yaml', document: 1, line: 9 },
  state: 'drifted',
  differences: [{ path: '.data.password', kind: 'changed', want: '<masked: git value>', have: '<masked: live value, differs>' }],
  suppressed: [],
  diff: '--- live/Secret/default/creds\n+++ git/Secret/default/creds\n@@ -1 +1 @@\n-  password: <masked: live value, differs>\n+  password: <masked: git value>',
};

const configMap: ObjectResult = {
  ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' },
  source: { file: 'k8s/web.yaml', document: 1, line: 30 },
  state: 'drifted',
  differences: [
    { path: '.data.removed', kind: 'unexpected-live', have: 'old' },
    { path: '.data["app.conf"]', kind: 'changed', want: 'a=1\nb=2\n', have: 'a=1\nb=3\n' },
  ],
  suppressed: [],
  diff: '--- live/ConfigMap/default/settings\n+++ git/ConfigMap/default/settings\n',
};

const missing: ObjectResult = {
  ref: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' },
  source: { file: 'k8s/rbac.yaml', document: 0, line: 1 },
  state: 'missing',
  differences: [],
  suppressed: [],
  diff: '--- live/ClusterRole/reader\n+++ git/ClusterRole/reader\n@@ -0,0 +1,1 @@\n+kind: ClusterRole\n',
};

const inSync: ObjectResult = {
  ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'scaled' },
  source: { file: 'k8s/scaled.yaml', document: 0, line: 1 },
  state: 'in-sync',
  differences: [],
  suppressed: [{ path: '.spec.replicas', kind: 'changed', want: 2, have: 7, rule: 'hpa-replicas' }],
};

const unserved: ObjectResult = {
  ref: { apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'default', name: 'w' },
  source: { file: 'k8s/widget.yaml', document: 0, line: 1 },
  state: 'error',
  differences: [],
  suppressed: [],
  error: { kind: 'unserved', message: 'no kind Widget in group/version example.com/v1 is served' },
};

export function sampleReport(overrides: Partial<CheckReport> = {}): CheckReport {
  return {
    paths: ['k8s'],
    startedAt: '2026-11-22T13:00:00.000Z',
    finishedAt: '2026-11-22T13:00:01.250Z',
    durationMs: 1250,
    context: 'kind-dev',
    server: 'https://127.0.0.1:6443',
    objects: [drifted, secret, configMap, missing, inSync, unserved],
    errors: [{ kind: 'manifest', message: 'k8s/bad.yaml, document 2: missing metadata.name', file: 'k8s/bad.yaml', document: 2, line: 14 }],
    notices: ['skipped k8s/kustomization.yaml: a kustomization file is not an object (kubediff reads plain manifests)'],
    totals: {
      objects: 6, inSync: 1, drifted: 3, missing: 1, error: 1, differences: 7, suppressed: 2,
      suppressedByRule: { quantity: 1, 'hpa-replicas': 1 },
    },
    requests: [{ verb: 'list', result: '200', count: 4 }],
    exitCode: 1,
    ...overrides,
  };
}

export function inSyncReport(): CheckReport {
  return sampleReport({
    objects: [inSync],
    errors: [],
    notices: [],
    totals: { objects: 1, inSync: 1, drifted: 0, missing: 0, error: 0, differences: 0, suppressed: 1, suppressedByRule: { 'hpa-replicas': 1 } },
    exitCode: 0,
  });
}
