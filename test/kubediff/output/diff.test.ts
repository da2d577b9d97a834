import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderDiff } from '../../../src/kubediff/output/index.js';
import { inSyncReport, sampleReport } from './fixtures.js';

describe('renderDiff (-o diff)', () => {
  test('one unified diff per drifted or missing object, in order, each ending its line', () => {
    const diff = renderDiff(sampleReport());
    const headers = diff.split('\n').filter((line) => line.startsWith('--- '));
    assert.deepEqual(headers, [
      '--- live/Deployment/default/web',
      '--- live/Secret/default/creds',
      '--- live/ConfigMap/default/settings',
      '--- live/ClusterRole/reader',
    ]);
    assert.ok(diff.includes('+  password: <masked: git value>\n--- live/ConfigMap'), 'a diff without a final newline gets one');
    assert.ok(diff.endsWith('+kind: ClusterRole\n'));
  });

  test('nothing when in sync', () => {
    assert.equal(renderDiff(inSyncReport()), '');
  });
});
