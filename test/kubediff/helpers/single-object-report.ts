// A CheckReport holding one compared object, so a comparison can be rendered
// through every CLI output (the conformance test checks what each prints).
import type { ObjectComparison } from '../../../src/kubediff/compare/compare.js';
import type { CheckReport, ObjectResult } from '../../../src/kubediff/result.js';

export function singleObjectReport(object: Record<string, unknown>, comparison: ObjectComparison): CheckReport {
  const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
  const drifted = comparison.differences.length > 0;
  const result: ObjectResult = {
    ref: {
      apiVersion: String(object.apiVersion),
      kind: String(object.kind),
      name: metadata.name ?? '',
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    },
    source: { file: 'conformance.yaml', document: 0, line: 1 },
    state: drifted ? 'drifted' : 'in-sync',
    differences: comparison.differences,
    suppressed: comparison.suppressed,
    ...(drifted ? { diff: comparison.diff } : {}),
  };
  const suppressedByRule: Record<string, number> = {};
  for (const d of comparison.suppressed) suppressedByRule[d.rule ?? 'unknown'] = (suppressedByRule[d.rule ?? 'unknown'] ?? 0) + 1;
  return {
    paths: ['conformance.yaml'],
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 0,
    objects: [result],
    errors: [],
    notices: [],
    totals: {
      objects: 1, inSync: drifted ? 0 : 1, drifted: drifted ? 1 : 0, missing: 0, error: 0,
      differences: comparison.differences.length, suppressed: comparison.suppressed.length, suppressedByRule,
    },
    requests: [],
    exitCode: drifted ? 2 : 0,
  };
}
