// Property: an object applied exactly as git has it is in sync, and changing
// or removing any one of its values live is drift naming that key (removed:
// missing live), whatever the keys are
// (`__proto__`, `constructor`, `toString`, dots, dashes, long ones) and
// whatever the values hold (control characters, YAML-looking text, empty).
// A key lost anywhere between git and the report (a copy, a projection, a
// mask) shows up here as a change that is not seen. ConfigMaps and Secrets
// (data, and stringData in git against data live), applied as `kubectl apply`
// leaves them on the emulated API server; git is written as JSON, so no YAML
// reading of a value is in question.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { runCheck } from '../../src/kubediff/check.js';
import { silentLogger } from '../../src/log/logger.js';
import { startApiServer, withLastApplied, type ApiServer, type KubeObject } from '../support/apiserver/index.js';
import { fuzzParameters } from './fuzz-settings.js';
import { NASTY_STRINGS } from './hostile-text.js';

let server: ApiServer;
let root: string;
before(async () => {
  server = await startApiServer();
  root = await mkdtemp(join(tmpdir(), 'kubediff-fuzz-same-'));
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

// Keys the API server takes in data ([-._a-zA-Z0-9]+), the ones JavaScript treats specially first.
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '.', '..x', '-', '_', 'a.b', 'kubectl.kubernetes.io'),
  fc.stringMatching(/^[-._a-zA-Z0-9]{1,20}$/),
);
const value = fc.oneof(fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 100 && !/[\ud800-\udfff]/.test(s))), fc.string({ maxLength: 30 }));
const contents = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });

let caseNumber = 0;

async function check(manifest: KubeObject, live: KubeObject) {
  const dir = join(root, `case-${caseNumber}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'object.json'), JSON.stringify(manifest));
  server.apply(withLastApplied(live));
  try {
    return await runCheck({ paths: [dir], kubeconfig: server.kubeconfigPath, env: {}, homeDir: root }, { logger: silentLogger });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('the same contents live are in sync; one value changed or removed live is drift naming its key', { timeout: 30 * 60_000 }, async (t) => {
  const states: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(contents, fc.constantFrom('ConfigMap', 'Secret', 'Secret-stringData'), fc.nat(), fc.string({ minLength: 1, maxLength: 10 }), async (data, kind, pick, suffix) => {
      caseNumber++;
      const name = `c${caseNumber}`;
      const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');
      const build = (values: Record<string, string>, asWritten: boolean): KubeObject => {
        const base = { apiVersion: 'v1', kind: kind === 'ConfigMap' ? 'ConfigMap' : 'Secret', metadata: { name, namespace: 'default' } };
        // JSON.parse so that __proto__ is an own key, as reading a manifest or an API answer makes it.
        const map = (entries: [string, string][]) => JSON.parse(JSON.stringify(Object.fromEntries(entries))) as Record<string, string>;
        const entries = Object.entries(values);
        if (kind === 'ConfigMap') return { ...base, data: map(entries) } as KubeObject;
        if (kind === 'Secret-stringData' && asWritten) return { ...base, stringData: map(entries) } as KubeObject;
        return { ...base, data: map(entries.map(([k, v]) => [k, encode(v)])) } as KubeObject;
      };
      const values = JSON.parse(JSON.stringify(data)) as Record<string, string>;
      const same = await check(build(values, true), build(values, false));
      assert.equal(same.objects[0]?.state, 'in-sync', `same contents: ${JSON.stringify(same.objects[0])}\n${JSON.stringify(same.errors)}`);
      // One value changed live.
      const keys = Object.keys(values);
      const changedKey = keys[pick % keys.length]!;
      const changed = JSON.parse(JSON.stringify(values)) as Record<string, string>;
      Object.defineProperty(changed, changedKey, { value: `${changed[changedKey]}${suffix}`, enumerable: true, writable: true, configurable: true });
      const drift = await check(build(values, true), build(changed, false));
      const result = drift.objects[0];
      assert.equal(result?.state, 'drifted', `changed ${JSON.stringify(changedKey)}: ${JSON.stringify(result)}`);
      assert.ok(result.differences.some((d) => d.path.includes(changedKey)), JSON.stringify(result.differences));
      // One key removed live: missing live, at that key (or the whole data when it was the only one), not
      // whatever Object.prototype has under its name.
      // An empty value removed is no drift: "" and absent are equal (FALSE-POSITIVES.md, 3).
      if (values[changedKey] === '') return;
      const removed = JSON.parse(JSON.stringify(values)) as Record<string, string>;
      delete removed[changedKey];
      const gone = await check(build(values, true), build(removed, false));
      const goneResult = gone.objects[0];
      assert.equal(goneResult?.state, 'drifted', `removed ${JSON.stringify(changedKey)}: ${JSON.stringify(goneResult)}`);
      assert.ok(goneResult.differences.some((d) => d.kind === 'missing-live' && (d.path.includes(changedKey) || d.path === '.data')), `removed ${JSON.stringify(changedKey)}: ${JSON.stringify(goneResult.differences)}`);
      for (const report of [same, drift, gone]) for (const o of report.objects) states[o.state] = (states[o.state] ?? 0) + 1;
    }),
    fuzzParameters(40),
  );
  t.diagnostic(`${caseNumber} cases; objects by state: ${JSON.stringify(states)}`);
});
