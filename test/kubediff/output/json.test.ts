import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NO_FILE_KEY, renderJson, renderLegacyJson } from '../../../src/kubediff/output/index.js';
import { inSyncReport, sampleReport } from './fixtures.js';

describe('renderLegacyJson (-j)', () => {
  test("weaveworks/kubediff's shape: files, sorted, each with its differences as text", () => {
    const parsed = JSON.parse(renderLegacyJson(sampleReport())) as Record<string, string[]>;
    assert.deepEqual(Object.keys(parsed), ['k8s/bad.yaml', 'k8s/creds.yaml', 'k8s/rbac.yaml', 'k8s/web.yaml', 'k8s/widget.yaml']);
    assert.deepEqual(parsed['k8s/web.yaml']?.slice(0, 2), [
      ".spec.replicas: '3' != '1'",
      ".spec.template.spec.containers[name=app].image: 'nginx:1.25' != 'nginx:1.24'",
    ]);
    assert.match(parsed['k8s/rbac.yaml']?.[0] ?? '', /missing/);
    assert.match(parsed['k8s/widget.yaml']?.[0] ?? '', /no kind Widget in group\/version example\.com\/v1 is served/);
    assert.match(parsed['k8s/bad.yaml']?.[0] ?? '', /missing metadata\.name/);
  });

  test('prints `{}` when in sync, as weaveworks did', () => {
    assert.equal(renderLegacyJson(inSyncReport()), '{}\n');
  });

  test('errors with no file go under a key of their own', () => {
    const report = sampleReport({ objects: [], errors: [{ kind: 'cluster', message: 'cannot reach https://127.0.0.1:1' }] });
    assert.deepEqual(JSON.parse(renderLegacyJson(report)), { [NO_FILE_KEY]: ['cannot reach https://127.0.0.1:1'] });
  });
});

describe('renderJson (-o json)', () => {
  test('is the full CheckReport', () => {
    const report = sampleReport();
    assert.deepEqual(JSON.parse(renderJson(report)), report);
  });
});
