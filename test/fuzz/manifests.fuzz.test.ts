// Property: whatever a repository holds (objects of any shape with hostile
// names, keys and values, broken YAML and JSON, alias bombs, deep nesting,
// other encodings, damaged files), a check against the emulated API server
// returns a report that keeps its promises (invariants.ts): no exception
// escapes, nothing is reported for names the API server would refuse, every
// output renders terminal-safe, and memory does not grow from case to case.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runCheck } from '../../src/kubediff/check.js';
import { silentLogger } from '../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { collectGarbage, fuzzParameters, settledHeap } from './fuzz-settings.js';
import { damage, damaged, hostileDocument, manifestLike, nastyString, nastyValue } from './hostile-text.js';
import { reportProblems } from './invariants.js';

const FILE_NAMES = ['a.yaml', 'b.yml', 'c.json', 'D.YAML', 'x\ny.yaml', '\u001b[2J.yaml', 'ünï.yaml', '.hidden.yaml', 'kustomization.yaml', 'sub/e.yaml', 'notes.txt'];

// One document of a file: YAML or JSON text of something object-like, or a hand-written attack.
const documentText = fc.oneof(
  { weight: 3, arbitrary: manifestLike.map((object) => toYaml(object)) },
  { weight: 2, arbitrary: manifestLike.map((object) => safeJson(object)) },
  { weight: 1, arbitrary: nastyValue.map((value) => toYaml(value)) },
  { weight: 2, arbitrary: hostileDocument },
);

const fileArbitrary = fc.record({
  name: fc.constantFrom(...FILE_NAMES),
  documents: fc.array(documentText, { minLength: 1, maxLength: 3 }),
  damage,
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
});

function toYaml(value: unknown): string {
  try {
    return stringify(value, { aliasDuplicateObjects: false });
  } catch {
    return safeJson(value);
  }
}

function safeJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

let server: ApiServer;
let root: string;
let gc: () => void;
before(async () => {
  server = await startApiServer();
  root = await mkdtemp(join(tmpdir(), 'kubediff-fuzz-manifests-'));
  gc = collectGarbage();
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

test('any manifest tree: the check returns a report that keeps its promises, and memory stays bounded', { timeout: 30 * 60_000 }, async (t) => {
  let caseNumber = 0;
  const outcomes: Record<string, number> = {};
  const heapBefore = settledHeap(gc);
  let heapPeak = heapBefore;
  await fc.assert(
    fc.asyncProperty(fc.array(fileArbitrary, { minLength: 1, maxLength: 4 }), async (files) => {
      const dir = join(root, `case-${caseNumber++}`);
      for (const file of files) {
        await mkdir(join(dir, file.name, '..'), { recursive: true });
        await writeFile(join(dir, file.name), damaged(file.documents.join('\n---\n'), file.damage, file.cut));
      }
      try {
        const report = await runCheck({ paths: [dir], kubeconfig: server.kubeconfigPath, env: {}, homeDir: root }, { logger: silentLogger });
        const problems = reportProblems(report);
        assert.deepEqual(problems, [], problems.join('\n'));
        for (const o of report.objects) outcomes[o.state] = (outcomes[o.state] ?? 0) + 1;
        for (const e of report.errors) outcomes[`${e.kind} error`] = (outcomes[`${e.kind} error`] ?? 0) + 1;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      if (caseNumber % 10 === 0) heapPeak = Math.max(heapPeak, settledHeap(gc));
    }),
    fuzzParameters(60),
  );
  t.diagnostic(`${caseNumber} cases; objects by state and run errors by kind: ${JSON.stringify(outcomes)}`);
  const growth = settledHeap(gc) - heapBefore;
  t.diagnostic(`heap growth over the cases: ${(growth / 1024 / 1024).toFixed(1)} MB (peak ${((heapPeak - heapBefore) / 1024 / 1024).toFixed(1)} MB)`);
  // Each case is thrown away: what stays is caches and code, a few MB, never the cases' data.
  assert.ok(growth < 64 * 1024 * 1024, `the heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB over ${caseNumber} cases (peak ${((heapPeak - heapBefore) / 1024 / 1024).toFixed(1)} MB)`);
});

// Valid objects whose contents are hostile, in git and live: the comparison
// (keys like __proto__, control characters, deep values, lists of anything)
// must keep the report's promises too.
const validName = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
const contents = fc.record({ data: fc.dictionary(nastyString, nastyString, { maxKeys: 5 }), annotations: fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'kubectl.kubernetes.io/last-applied-configuration'), nastyString, { maxKeys: 2 }), spec: nastyValue });
const kindOf = fc.constantFrom('ConfigMap', 'Secret', 'Deployment', 'Service');

test('valid objects with hostile contents, in git and live: the comparison keeps the report\'s promises', { timeout: 30 * 60_000 }, async (t) => {
  let caseNumber = 0;
  const states: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(fc.record({ name: validName, kind: kindOf, git: contents, live: fc.option(contents, { nil: undefined }) }), { minLength: 1, maxLength: 4, selector: (o) => `${o.kind}/${o.name}` }), async (objects) => {
      const dir = join(root, `contents-${caseNumber++}`);
      const namespace = `fuzz-${caseNumber}`;
      const build = (o: (typeof objects)[number], c: typeof o.git) => ({
        apiVersion: o.kind === 'Deployment' ? 'apps/v1' : 'v1',
        kind: o.kind,
        metadata: { name: o.name, namespace, annotations: c.annotations },
        ...(o.kind === 'ConfigMap' || o.kind === 'Secret' ? { data: c.data } : { spec: c.spec }),
      });
      for (const o of objects) {
        if (o.live === undefined) continue;
        try {
          server.apply(build(o, o.live) as never);
        } catch {
          // the emulated API server refused it, as a real one would: it is simply not live
        }
      }
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'objects.yaml'), objects.map((o) => toYaml(build(o, o.git))).join('\n---\n'));
      try {
        const report = await runCheck({ paths: [dir], kubeconfig: server.kubeconfigPath, env: {}, homeDir: root }, { logger: silentLogger });
        const problems = reportProblems(report);
        assert.deepEqual(problems, [], problems.join('\n'));
        for (const o of report.objects) states[o.state] = (states[o.state] ?? 0) + 1;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
    fuzzParameters(60),
  );
  t.diagnostic(`${caseNumber} cases; objects by state: ${JSON.stringify(states)}`);
});
