import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDifference } from '../../../src/kubediff/output/describe.js';
import { renderText } from '../../../src/kubediff/output/index.js';
import { inSyncReport, sampleReport } from './fixtures.js';

describe('renderText', () => {
  const text = renderText(sampleReport());

  test('a `## namespace/name (Kind.version.group)` heading per object that differs, as weaveworks/kubediff printed', () => {
    const headings = text.split('\n').filter((line) => line.startsWith('## '));
    assert.deepEqual(headings, [
      '## default/web (Deployment.v1.apps)',
      '## default/creds (Secret.v1)',
      '## default/settings (ConfigMap.v1)',
      '## reader (ClusterRole.v1.rbac.authorization.k8s.io)',
      '## errors',
    ]);
    assert.ok(!text.includes('scaled'), 'an object in sync has no heading');
  });

  test("one line per difference with its readable path, git value then live value", () => {
    assert.ok(text.includes("## default/web (Deployment.v1.apps)\n\n.spec.replicas: '3' != '1'\n"));
    assert.ok(text.includes(".spec.template.spec.containers[name=app].image: 'nginx:1.25' != 'nginx:1.24'\n"));
    assert.ok(text.includes(".metadata.labels.team: 'payments' missing live\n"));
    assert.ok(text.includes(`.spec.template.spec.containers[name=app].args: '["--a"]' != '["--a","--debug"]'\n`));
    assert.ok(text.includes(".data.removed: not in git, live has 'old' (applying would remove it)\n"));
  });

  test('a changed multi-line value is shown as a small unified diff', () => {
    assert.ok(text.includes('.data["app.conf"]: Diff:\n--- git\n+++ live\n@@ -1,2 +1,2 @@\n a=1\n-b=2\n+b=3\n'));
  });

  test('suppressed differences of a drifted object name their rule', () => {
    assert.ok(text.includes("(ignored: quantity) .spec.template.spec.containers[name=app].resources.limits.cpu: '1' != '1000m'"));
  });

  test('a missing object says where it is in git', () => {
    assert.ok(text.includes('## reader (ClusterRole.v1.rbac.authorization.k8s.io)\n\nmissing: in git (k8s/rbac.yaml, document 1, line 1) but not in the cluster\n'));
  });

  test('errors are listed with file, document and object', () => {
    assert.ok(text.includes('error: k8s/bad.yaml, document 2: missing metadata.name\n'));
    assert.ok(text.includes('error: default/w (Widget.v1.example.com): no kind Widget in group/version example.com/v1 is served (k8s/widget.yaml, document 1, line 1)\n'));
  });

  test('notices and a summary line close the output', () => {
    assert.ok(text.includes('notice: skipped k8s/kustomization.yaml'));
    assert.ok(text.endsWith(
      'kubediff: 6 objects (1 in sync, 3 drifted, 1 missing, 1 failed); 7 differences, 2 suppressed (quantity 1, hpa-replicas 1); 1 other error; context kind-dev; exit 1\n',
    ));
  });

  test('in sync: only the summary', () => {
    assert.equal(renderText(inSyncReport()), 'kubediff: 1 object (1 in sync, 0 drifted, 0 missing, 0 failed); 0 differences, 1 suppressed (hpa-replicas 1); context kind-dev; exit 0\n');
  });

  test('many objects failing the same way are summarized, not listed one by one', () => {
    const base = sampleReport();
    const failing = Array.from({ length: 40 }, (_, i) => ({
      ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: `cm-${i}` },
      source: { file: 'k8s/cms.yaml', document: i },
      state: 'error' as const,
      differences: [],
      suppressed: [],
      error: { kind: 'cluster' as const, message: 'cannot reach the API server' },
    }));
    const lines = renderText({ ...base, objects: failing, errors: [] }).split('\n').filter((l) => l.startsWith('error:'));
    assert.equal(lines.length, 5);
    assert.equal(lines[4], 'error: 36 more objects: cannot reach the API server');
  });

  test('names the checked commit in one first line when it is known; the rest is unchanged', () => {
    const revision = { hash: 'a'.repeat(40), shortHash: 'aaaaaaa', subject: 'Scale web to 3', author: 'Ada', committedAt: '2026-11-22T12:00:00.000Z' };
    const withCommit = renderText(sampleReport({ revision }));
    assert.equal(withCommit, `# checked commit aaaaaaa (Scale web to 3)\n\n${text}`);
    assert.ok(renderText(sampleReport({ revision: { ...revision, subject: '' } })).startsWith('# checked commit aaaaaaa\n\n'));
    assert.ok(!text.includes('# checked commit'), 'no line when the commit is unknown');
  });

  test("a health reason is the controller's words: one line, its line breaks and control characters escaped", () => {
    const report = sampleReport();
    const forged = 'stuck\n\nkubediff: 1 objects (1 in sync, 0 drifted, 0 missing, 0 failed); 0 differences; exit 0\u001b[2J';
    const objects = report.objects.map((o, i) => (i === 0 ? { ...o, health: { status: 'Degraded' as const, reason: forged } } : o));
    const rendered = renderText({ ...report, objects });
    assert.ok(rendered.includes('Degraded: default/web (Deployment.v1.apps): stuck\\u000a\\u000akubediff: 1 objects'), rendered);
    assert.ok(!rendered.includes('\u001b'), 'no raw escape');
    assert.equal(rendered.split('\n').filter((line) => line.startsWith('kubediff: ')).length, 1, 'one summary line');
  });
});

describe('formatDifference: who changed it', () => {
  const changed = { path: '.spec.replicas', kind: 'changed', want: 1, have: 3 } as const;

  test('the manager, the subresource it went through and the minute, in UTC', () => {
    assert.equal(
      formatDifference({ ...changed, changedBy: { manager: 'kubectl', operation: 'Update', time: '2026-12-01T09:15:42Z', subresource: 'scale' } }),
      ".spec.replicas: '1' != '3' (changed by kubectl (scale subresource) at 2026-12-01 09:15 UTC)",
    );
    assert.equal(formatDifference({ ...changed, changedBy: { manager: 'kubectl-edit', operation: 'Update' } }), ".spec.replicas: '1' != '3' (changed by kubectl-edit)");
  });

  test('manager and subresource names come from the cluster: their control characters are escapes', () => {
    const text = formatDifference({ ...changed, changedBy: { manager: 'evil\n\u001b[2Jkubediff: 0 differences', operation: 'Update', subresource: 'x\u202e' } });
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.ok(text.includes('(changed by evil'), text);
  });
});

test('a multi-line string against a map with a key named toString: shown as JSON, not a crash', () => {
  // Any key is allowed in a live map (a ConfigMap's data, a custom resource's spec); String() of such a map throws.
  const text = formatDifference({ path: '.spec.config', kind: 'changed', want: 'a: 1\nb: 2\n', have: { toString: 'x', valueOf: 1 } });
  assert.match(text, /^\.spec\.config: Diff:\n/);
  assert.ok(text.includes('+{"toString":"x","valueOf":1}'), text);
});
