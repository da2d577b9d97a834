// Small builders for CheckReports, shared by the page and metrics tests and
// the page benchmark, so each test states only what matters to it.
import { countHealth } from '../../../src/kubediff/health/index.js';
import type { CheckReport, Difference, ObjectResult, ObjectState } from '../../../src/kubediff/result.js';
import type { KubediffPageData, PageRun } from '../../../src/web/kubediff/page-data.js';

export function makeObject(
  kind: string,
  namespace: string | undefined,
  name: string,
  state: ObjectState,
  extra: Partial<ObjectResult> = {},
): ObjectResult {
  const differences: Difference[] =
    state === 'drifted' ? [{ path: '.spec.replicas', kind: 'changed', want: 2, have: 5 }] : [];
  return {
    ref: { apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, name, ...(namespace ? { namespace } : {}) },
    source: { file: `k8s/${name}.yaml`, document: 0, line: 1 },
    state,
    differences,
    suppressed: [],
    ...(state === 'drifted' ? { diff: '--- git\n+++ live\n@@ -1,1 +1,1 @@\n-replicas: 2\n+replicas: 5\n' } : {}),
    ...(state === 'error' ? { error: { kind: 'forbidden', message: 'forbidden: cannot get', status: 403 } } : {}),
    ...extra,
  };
}

export function makeReport(objects: readonly ObjectResult[], extra: Partial<CheckReport> = {}): CheckReport {
  const count = (state: ObjectState) => objects.filter((o) => o.state === state).length;
  const suppressedByRule: Record<string, number> = {};
  for (const o of objects) for (const s of o.suppressed) suppressedByRule[s.rule ?? ''] = (suppressedByRule[s.rule ?? ''] ?? 0) + 1;
  const drifted = count('drifted');
  const missing = count('missing');
  const error = count('error');
  return {
    paths: ['examples/'],
    startedAt: '2026-11-22T13:00:00.000Z',
    finishedAt: '2026-11-22T13:00:01.250Z',
    durationMs: 1250,
    context: 'demo',
    server: 'http://127.0.0.1:6443',
    objects,
    errors: [],
    notices: [],
    totals: {
      objects: objects.length,
      inSync: count('in-sync'),
      drifted,
      missing,
      error,
      differences: objects.reduce((n, o) => n + o.differences.length, 0),
      suppressed: objects.reduce((n, o) => n + o.suppressed.length, 0),
      suppressedByRule,
      handEdited: objects.filter((o) => o.handEdited).length,
      health: countHealth(objects),
    },
    requests: [
      { verb: 'discovery', result: '200', count: 3 },
      { verb: 'list', result: '200', count: 4 },
    ],
    exitCode: error > 0 ? 1 : drifted + missing > 0 ? 2 : 0,
    ...extra,
  };
}

/** `count` drifted Deployments spread over 10 namespaces, each with a few differences and a 30-line diff. */
export function syntheticDriftReport(count: number): CheckReport {
  const objects: ObjectResult[] = [];
  for (let i = 0; i < count; i++) {
    const diffLines = ['--- git', '+++ live', '@@ -1,30 +1,30 @@'];
    for (let l = 0; l < 30; l++) diffLines.push(l === 10 ? `-  image: app:${i}` : l === 11 ? `+  image: app:${i}-hotfix` : `   line ${l}: value`);
    objects.push(
      makeObject('Deployment', `team-${i % 10}`, `app-${i}`, 'drifted', {
        differences: [
          { path: '.spec.replicas', kind: 'changed', want: 2, have: 5 },
          { path: '.spec.template.spec.containers[name=app].image', kind: 'changed', want: `app:${i}`, have: `app:${i}-hotfix` },
          { path: '.metadata.labels.tier', kind: 'missing-live', want: 'web' },
        ],
        suppressed: [{ path: '.spec.replicas', kind: 'changed', want: 2, have: 5, rule: 'hpa-replicas' }],
        diff: `${diffLines.join('\n')}\n`,
      }),
    );
  }
  return makeReport(objects);
}

export function makeRuns(count: number): PageRun[] {
  return Array.from({ length: count }, (_, i) => ({
    startedAt: new Date(Date.UTC(2026, 10, 22, 12, 0, i * 15)).toISOString(),
    durationMs: 800 + i,
    exitCode: i % 7 === 0 ? 0 : 2,
    timedOut: false,
    outOfSync: i % 7 === 0 ? 0 : i % 5,
    errors: 0,
  }));
}

export function makePageData(report: CheckReport | undefined, extra: Partial<KubediffPageData> = {}): KubediffPageData {
  return {
    display: 'kubediff examples/',
    report,
    lastRun: report
      ? { startedAt: report.startedAt, durationMs: report.durationMs, exitCode: report.exitCode, timedOut: false }
      : undefined,
    running: false,
    nextRunAt: '2026-11-22T13:00:15.000Z',
    history: makeRuns(5),
    refreshMs: 5000,
    now: new Date('2026-11-22T13:00:05.000Z'),
    links: { json: '/api/v1/status', text: '/output.txt', metrics: '/metrics', self: '/' },
    assets: { script: '/static/kubediff.js', styles: ['/static/kubediff.css'] },
    ...extra,
  };
}
