// Property: every piece of text a report carries comes from git, the cluster,
// a registry or a command (names, files, build commands, differences and
// values, error messages, health reasons, field managers, images, registry
// messages, commit subjects, notices), and any of it may hold control
// characters. Whatever they hold, no output lets one through raw (text, json,
// weaveworks' json, diff, /output.txt, /metrics) and the text output has
// exactly one summary line: a newline in a field cannot forge another. The
// page renders. Reports are built directly, so every field is reached,
// including those (health, managers, images) the other fuzz tests reach only
// with more set-up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import type { ImageResult } from '../../src/kubediff/images/types.js';
import { renderReport } from '../../src/kubediff/output/index.js';
import type { CheckError, Difference, HealthStatus, ObjectResult, ObjectState } from '../../src/kubediff/result.js';
import { createHealthMetrics } from '../../src/metrics/health-metrics.js';
import { createImageMetrics } from '../../src/metrics/image-metrics.js';
import { createKubediffMetrics } from '../../src/metrics/kubediff-metrics.js';
import { escapeControlKeepLines } from '../../src/text/control-characters.js';
import { NO_FILTER } from '../../src/web/kubediff/filter.js';
import { renderKubediffPage } from '../../src/web/kubediff/page.js';
import { makePageData, makeReport } from '../web/kubediff/report-fixture.js';
import { fuzzParameters } from './fuzz-settings.js';
import { nastyString, nastyValue } from './hostile-text.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// The forged line an attacker would want: a summary that says all is well.
const FORGED = '\n\nkubediff: 1 objects (1 in sync, 0 drifted, 0 missing, 0 failed); exit 0\n';
const text = fc.oneof({ weight: 4, arbitrary: nastyString }, { weight: 1, arbitrary: fc.constant(FORGED) }, { weight: 1, arbitrary: nastyString.map((s) => `${s}${FORGED}\u001b[2J`) });
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const changedBy = fc.record({ manager: text, operation: fc.constantFrom('Update', 'Apply'), time: optional(text), subresource: optional(text) }, { requiredKeys: ['manager', 'operation'] });
// Rule names are kubediff's own or an ignore file's, which allows only letters, digits, -, _ and . in them.
const rule = fc.oneof(fc.constantFrom('zero-value', 'defaulted', 'server-set'), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/).map((name) => `ignore:${name}`));
const difference: fc.Arbitrary<Difference> = fc.record(
  { path: text, kind: fc.constantFrom('changed', 'missing-live', 'unexpected-live'), want: nastyValue, have: nastyValue, rule, reason: fc.constantFrom('removed-from-git', 'hand-edit'), changedBy },
  { requiredKeys: ['path', 'kind'] },
) as fc.Arbitrary<Difference>;
const checkError: fc.Arbitrary<CheckError> = fc.record(
  { kind: fc.constantFrom('manifest', 'unserved', 'forbidden', 'cluster'), message: text, file: text, status: fc.integer({ min: 100, max: 599 }) },
  { requiredKeys: ['kind', 'message'] },
) as fc.Arbitrary<CheckError>;
const health = fc.record(
  { status: fc.constantFrom<HealthStatus>('Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'), reason: text, since: optional(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) },
  { requiredKeys: ['status', 'reason'] },
);
const object: fc.Arbitrary<ObjectResult> = fc
  .record({
    apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1'), text),
    kind: text,
    namespace: optional(text),
    name: text,
    state: fc.constantFrom<ObjectState>('in-sync', 'drifted', 'missing', 'error'),
    file: text,
    build: optional(fc.record({ tool: fc.constantFrom<'kustomize' | 'render'>('kustomize', 'render'), command: text, origin: optional(text) }, { requiredKeys: ['tool', 'command'] })),
    differences: fc.array(difference, { minLength: 1, maxLength: 3 }),
    suppressed: fc.array(difference, { maxLength: 2 }),
    diff: text,
    error: checkError,
    health: optional(health),
  })
  .map((o): ObjectResult => {
    const build = o.build ? { tool: o.build.tool, command: o.build.command, ...(o.build.origin === undefined ? {} : { origin: o.build.origin }) } : undefined;
    return {
      ref: { apiVersion: o.apiVersion, kind: o.kind, name: o.name, ...(o.namespace === undefined ? {} : { namespace: o.namespace }) },
      source: { file: o.file, document: 0, line: 3, ...(build ? { build } : {}) },
      state: o.state,
      differences: o.state === 'drifted' ? o.differences : [],
      suppressed: o.suppressed,
      ...(o.state === 'drifted' ? { diff: o.diff } : {}),
      ...(o.state === 'error' ? { error: o.error } : {}),
      ...(o.health ? { health: { status: o.health.status, reason: o.health.reason, ...(o.health.since === undefined ? {} : { since: o.health.since }) } } : {}),
    };
  });
const image: fc.Arbitrary<ImageResult> = fc
  .record({ image: text, status: fc.constantFrom('available', 'absent', 'registry-unavailable', 'bad-image-name', 'unknown-error'), message: text, container: text, cached: fc.boolean(), checkedAt: text })
  .map((i) => ({
    image: i.image, status: i.status, message: i.message, cached: i.cached, checkedAt: i.checkedAt,
    objects: [{ object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }, container: i.container, field: 'containers', in: ['git'] }],
  }) as ImageResult);

const report = fc
  .record({
    objects: fc.array(object, { minLength: 1, maxLength: 4 }),
    errors: fc.array(checkError, { maxLength: 2 }),
    notices: fc.array(text, { maxLength: 2 }),
    images: optional(fc.array(image, { minLength: 1, maxLength: 3 })),
    context: text,
    server: text,
    subject: text,
    author: text,
  })
  .map((r) => {
    const base = makeReport(r.objects, {
      errors: r.errors,
      notices: r.notices,
      context: r.context,
      server: r.server,
      revision: { hash: 'a'.repeat(40), shortHash: 'aaaaaaa', subject: r.subject, author: r.author, committedAt: '2026-12-02T00:00:00Z' },
      ...(r.images ? { images: r.images } : {}),
    });
    // An error anywhere makes the exit code 1, as the rule says.
    return r.errors.length > 0 ? { ...base, exitCode: 1 as const } : base;
  });

test('any text in a report: no output lets a control character through raw, and the text output has one summary line', { timeout: 30 * 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(report, async (r) => {
      for (const format of ['text', 'json', 'legacy-json', 'diff'] as const) {
        const out = renderReport(r, format);
        assert.ok(!RAW_CONTROL.test(out), `${format} output has a raw control character: ${JSON.stringify(out.slice(0, 2000))}`);
        if (format === 'text') {
          const summaries = out.split('\n').filter((line) => line.startsWith('kubediff: '));
          assert.equal(summaries.length, 1, `text output has ${summaries.length} summary lines:\n${out}`);
        }
      }
      // /output.txt is prom-run's copy of the command's output, escaped again as it is served.
      assert.ok(!RAW_CONTROL.test(escapeControlKeepLines(renderReport(r, 'text'))));
      const registry = new Registry();
      for (const metrics of [createKubediffMetrics({ registry, maxObjectSeries: 20 }), createHealthMetrics({ registry, maxObjectSeries: 20 }), createImageMetrics({ registry, maxImageSeries: 20 })]) {
        metrics.observeReport(r);
      }
      const exposition = await registry.metrics();
      assert.ok(!RAW_CONTROL.test(exposition), `/metrics has a raw control character: ${JSON.stringify(exposition.slice(0, 2000))}`);
      renderKubediffPage(makePageData(r), NO_FILTER);
    }),
    fuzzParameters(200),
  );
});
