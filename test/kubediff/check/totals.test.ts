import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeTotals, exitCodeOf } from '../../../src/kubediff/check/totals.js';
import type { HealthStatus, ObjectResult, ObjectState } from '../../../src/kubediff/result.js';

function result(state: ObjectState, differences = 0, suppressedRules: string[] = [], health?: HealthStatus): ObjectResult {
  return {
    ...(health ? { health: { status: health, reason: 'x' } } : {}),
    ref: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' },
    source: { file: 'a.yaml', document: 0 },
    state,
    differences: Array.from({ length: differences }, (_, i) => ({ path: `.data.k${i}`, kind: 'changed' as const, want: 'a', have: 'b' })),
    suppressed: suppressedRules.map((rule) => ({ path: '.spec.replicas', kind: 'changed' as const, want: 1, have: 2, rule })),
  };
}

describe('computeTotals and exitCodeOf', () => {
  test('counts objects by state, differences and suppressed differences by rule', () => {
    const totals = computeTotals([result('in-sync', 0, ['hpa-replicas']), result('drifted', 2, ['quantity', 'hpa-replicas']), result('missing'), result('error')]);
    assert.deepEqual(totals, {
      objects: 4, inSync: 1, drifted: 1, missing: 1, error: 1, differences: 2, suppressed: 3,
      suppressedByRule: { 'hpa-replicas': 2, quantity: 1 },
      handEdited: 0,
      health: { Degraded: 0, Progressing: 0, Missing: 0, Unknown: 0, Suspended: 0, Healthy: 0 },
    });
  });

  test('counts objects by health, every status present; health never changes the exit code', () => {
    const objects = [result('in-sync', 0, [], 'Degraded'), result('in-sync', 0, [], 'Progressing'), result('in-sync', 0, [], 'Degraded'), result('missing', 0, [], 'Missing')];
    const totals = computeTotals(objects);
    assert.deepEqual(totals.health, { Degraded: 2, Progressing: 1, Missing: 1, Unknown: 0, Suspended: 0, Healthy: 0 });
    assert.equal(exitCodeOf(computeTotals(objects.slice(0, 3)), []), 0);
  });

  test('0 in sync, 2 drift or missing, 1 any error even with drift', () => {
    assert.equal(exitCodeOf(computeTotals([result('in-sync')]), []), 0);
    assert.equal(exitCodeOf(computeTotals([result('drifted', 1)]), []), 2);
    assert.equal(exitCodeOf(computeTotals([result('missing')]), []), 2);
    assert.equal(exitCodeOf(computeTotals([result('drifted', 1), result('error')]), []), 1);
    assert.equal(exitCodeOf(computeTotals([result('drifted', 1)]), [{ kind: 'manifest', message: 'bad' }]), 1);
    assert.equal(exitCodeOf(computeTotals([]), []), 0);
  });
});
