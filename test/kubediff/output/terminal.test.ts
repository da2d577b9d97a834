// Names, keys, values, kinds, file names, commit subjects and server messages
// reach a terminal through the real CLI and prom-run's /output.txt: their
// control characters are shown as \u001b-style escapes, so no name can forge
// the summary line or clear the screen.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCheck } from '../../../src/kubediff/check.js';
import { renderReport } from '../../../src/kubediff/output/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { runKubediff } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

// RBAC names only have to be URL path segments, so the API server takes these.
const FORGED = 'x\n\nkubediff: 10 objects (10 in sync, 0 drifted, 0 missing, 0 failed); 0 differences; exit 0\n\u001b[2J';
const CLEAR = '\u001b[2J\u001b[H\u009b2J\u202e';
// Anything a terminal would act on, and line breaks other than \n.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let server: ApiServer;
let tmp: TempDir;
let env: NodeJS.ProcessEnv;
let repo: string;

const clusterRole = (name: string, verbs: string[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: [''], resources: ['pods'], verbs }],
});

before(async () => {
  server = await startApiServer();
  tmp = await makeTempDir();
  env = { PATH: process.env.PATH, HOME: tmp.path, KUBECONFIG: server.kubeconfigPath };
  server.apply(clusterRole(FORGED, ['get']));
  server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { [`key${CLEAR}`]: `live${CLEAR}`, multi: 'one\ntwo\n' } });
  repo = await tmp.write({
    [`repo/roles${CLEAR}.yaml`]: [
      JSON.stringify(clusterRole(FORGED, ['get', 'list'])),
      JSON.stringify(clusterRole(`gone${CLEAR}`, ['get'])),
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { [`key${CLEAR}`]: `git${CLEAR}`, multi: `one\ntwo${CLEAR}\n` } }),
      JSON.stringify({ apiVersion: 'example.com/v1', kind: `Evil${CLEAR}`, metadata: { name: 'w', namespace: 'default' } }),
    ].join('\n---\n'),
  });
});
after(async () => {
  await server.close();
  await tmp.remove();
});

test('every output format of the report: no control character raw; -o json keeps the exact values', async () => {
  const report = await runCheck({ paths: [join(repo, 'repo')], env, homeDir: tmp.path, kubeconfig: server.kubeconfigPath }, { logger: silentLogger });
  assert.equal(report.exitCode, 1);
  for (const format of ['text', 'legacy-json', 'json', 'diff'] as const) {
    const text = renderReport(report, format);
    assert.ok(!RAW_CONTROL.test(text), `raw control character in ${format}: ${JSON.stringify(text)}`);
  }
  const parsed = JSON.parse(renderReport(report, 'json')) as { objects: { ref: { name: string } }[] };
  assert.equal(parsed.objects[0]!.ref.name, FORGED);
});

test('the CLI: one summary line, the last; names shown with escapes, not dropped', async () => {
  const run = await runKubediff([join(repo, 'repo')], env);
  assert.equal(run.exitCode, 1, run.stdout + run.stderr);
  assert.ok(!RAW_CONTROL.test(run.stdout + run.stderr), `raw control character: ${JSON.stringify(run.stdout + run.stderr)}`);
  const summaries = run.stdout.split('\n').filter((line) => line.startsWith('kubediff:'));
  assert.deepEqual(summaries, [run.stdout.trimEnd().split('\n').at(-1)], 'one summary line, the last');
  assert.match(summaries[0]!, /^kubediff: 4 objects \(0 in sync, 2 drifted, 1 missing, 1 failed\);.*exit 1$/);
  assert.ok(run.stdout.includes('## x\\u000a\\u000akubediff: 10 objects'), run.stdout);
  assert.ok(run.stdout.includes('\\u001b[2J'), 'shown as escapes, not dropped');
});

test('the CLI with -o diff: error lines on stderr name the object and the file, escaped', async () => {
  const run = await runKubediff(['-o', 'diff', join(repo, 'repo')], env);
  assert.equal(run.exitCode, 1, run.stdout + run.stderr);
  assert.ok(!RAW_CONTROL.test(run.stdout + run.stderr), `raw control character: ${JSON.stringify(run.stdout + run.stderr)}`);
  assert.match(run.stderr, /^kubediff: error: default\/w \(Evil\\u001b.*: no kind Evil.* is served.*\(.*roles\\u001b.*\.yaml, document 4, line \d+\)$/m);
});
