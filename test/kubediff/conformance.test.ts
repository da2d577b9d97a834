// The conformance cases of test/fixtures/conformance/expectations.yaml (a copy
// of the brief's shared/conformance, kept in the repository so that a clean
// checkout anywhere runs them): objects as
// real API servers returned them, with the manifests they came from. Every
// pair must be in sync as it is; every variant (a JSON Patch applied to the
// manifest) must be drift that reports its `reports` strings and none of its
// `never` strings.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import YAML from 'yaml';
import { compareObject, type ObjectComparison } from '../../src/kubediff/compare/compare.js';
import { renderDiff, renderJson, renderLegacyJson, renderText } from '../../src/kubediff/output/index.js';
import { realSchemas } from './helpers/real-schemas.js';
import { singleObjectReport } from './helpers/single-object-report.js';

const conformanceDir = fileURLToPath(new URL('../fixtures/conformance/', import.meta.url));
const expectationsFile = join(conformanceDir, 'expectations.yaml');

interface Variant {
  patch: Operation[];
  reports: string[];
  never?: string[];
}

interface Pair {
  name: string;
  expect: 'in-sync';
  variants?: Variant[];
}

type JsonObject = Record<string, unknown>;

function loadObject(name: string, side: 'config' | 'live'): JsonObject {
  const base = join(conformanceDir, 'gitops-engine', `${name}-${side}`);
  if (existsSync(`${base}.json`)) return JSON.parse(readFileSync(`${base}.json`, 'utf8')) as JsonObject;
  if (existsSync(`${base}.yaml`)) {
    // kubectl reads YAML 1.1 (yes/on booleans, merge keys).
    return YAML.parse(readFileSync(`${base}.yaml`, 'utf8'), { version: '1.1', merge: true }) as JsonObject;
  }
  throw new Error(`conformance pair ${name}: no ${base}.json or ${base}.yaml`);
}

/** Everything the checker prints about one object: the raw result and every CLI output (text, -j, -o json, -o diff). */
function allOutput(result: ObjectComparison, object?: JsonObject): string {
  const raw = [JSON.stringify(result.differences), JSON.stringify(result.suppressed), result.diff];
  if (!object) return raw.join('\n');
  const report = singleObjectReport(object, result);
  return [...raw, renderText(report), renderLegacyJson(report), renderJson(report), renderDiff(report)].join('\n');
}

test('the conformance cases are present', () => {
  assert.ok(existsSync(expectationsFile), `missing ${expectationsFile}: the conformance cases must sit at test/fixtures/conformance`);
});

const pairs: Pair[] = existsSync(expectationsFile)
  ? ((YAML.parse(readFileSync(expectationsFile, 'utf8')) as { pairs: Pair[] }).pairs ?? [])
  : [];

test('there are conformance pairs to check', () => {
  assert.ok(pairs.length >= 10, `expected the conformance pairs, found ${pairs.length}`);
});

for (const pair of pairs) {
  describe(`conformance: ${pair.name}`, () => {
    const config = loadObject(pair.name, 'config');
    const live = loadObject(pair.name, 'live');

    test('is in sync as it is', () => {
      assert.equal(pair.expect, 'in-sync');
      const result = compareObject(config, live, { hpaTargeted: false });
      assert.deepEqual(result.differences, []);
      assert.equal(result.diff, '');
    });

    for (const [index, variant] of (pair.variants ?? []).entries()) {
      test(`variant ${index + 1} (${JSON.stringify(variant.patch)}) is drift`, () => {
        const patched = fastJsonPatch.applyPatch(structuredClone(config), variant.patch, true, false).newDocument;
        const result = compareObject(patched, live, { hpaTargeted: false });
        assert.ok(result.differences.length > 0, 'expected drift');
        assert.notEqual(result.diff, '');
        const output = allOutput(result, patched);
        const text = renderText(singleObjectReport(patched, result));
        for (const expected of variant.reports) {
          assert.ok(text.includes(expected), `expected ${JSON.stringify(expected)} in the text output:\n${text}`);
        }
        for (const forbidden of variant.never ?? []) {
          assert.ok(!output.includes(forbidden), `${JSON.stringify(forbidden)} must never appear, got:\n${output}`);
        }
      });
    }

    // The same with the schema a 1.33 cluster publishes for the kind (list types, Quantity fields, pruning).
    const schema = realSchemas.forKind(String(config.apiVersion), String(config.kind));
    if (schema) {
      test('with the cluster\'s OpenAPI v3 schema: in sync, and every variant still drift', () => {
        const result = compareObject(config, live, { hpaTargeted: false, schema });
        assert.deepEqual(result.differences, []);
        for (const variant of pair.variants ?? []) {
          const patched = fastJsonPatch.applyPatch(structuredClone(config), variant.patch, true, false).newDocument;
          const drift = compareObject(patched, live, { hpaTargeted: false, schema });
          const text = renderText(singleObjectReport(patched, drift));
          for (const expected of variant.reports) assert.ok(text.includes(expected), `expected ${JSON.stringify(expected)} in:\n${text}`);
          const output = allOutput(drift, patched);
          for (const forbidden of variant.never ?? []) assert.ok(!output.includes(forbidden), `${JSON.stringify(forbidden)} must never appear, got:\n${output}`);
        }
      });
    }

    test('never prints a forbidden string, in sync either', () => {
      const output = allOutput(compareObject(config, live, { hpaTargeted: false }), config);
      for (const variant of pair.variants ?? []) {
        for (const forbidden of variant.never ?? []) assert.ok(!output.includes(forbidden));
      }
    });
  });
}
