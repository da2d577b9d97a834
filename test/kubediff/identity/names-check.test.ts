// Names the API server would refuse are manifest errors naming file and
// document, and no request is made for them: a namespace `..` used to GET
// /api/v1/namespaces/.. and report the answer as drift.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCheck } from '../../../src/kubediff/check.js';
import { renderText } from '../../../src/kubediff/output/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

let server: ApiServer;
let dir: TempDir;
before(async () => {
  server = await startApiServer();
  dir = await makeTempDir();
});
after(async () => {
  await server.close();
  await dir.remove();
});

const doc = (kind: string, name: string, namespace?: string) =>
  JSON.stringify({ apiVersion: 'v1', kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, ...(kind === 'ConfigMap' ? { data: { a: '1' } } : {}) });

test('invalid names and namespaces are manifest errors with file and document; valid objects beside them are checked; no request names them', async () => {
  server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine', namespace: 'default' }, data: { a: '1' } });
  const long = 'x'.repeat(100_000);
  const root = await dir.write({
    'names/bad.yaml': [
      doc('Namespace', '..'),
      doc('ConfigMap', 'Bad_Name!', 'default'),
      doc('ConfigMap', 'a?x', 'default'),
      doc('ConfigMap', long, 'default'),
      doc('ConfigMap', 'ok', '..'),
      doc('Service', '1web', 'default'),
      doc('ConfigMap', 'fine', 'default'),
    ].join('\n---\n'),
  });
  const before = server.requestLog.entries.length;
  const report = await runCheck({ paths: [join(root, 'names')], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path }, { logger: silentLogger });

  const file = join(root, 'names', 'bad.yaml');
  assert.deepEqual(report.errors.map((e) => [e.kind, e.file, e.document]), [0, 1, 2, 3, 4, 5].map((d) => ['manifest', file, d]));
  assert.match(report.errors[0]!.message, /document 1: metadata\.name "\.\." is not a valid Namespace name: it may not be '\.\.'/);
  assert.match(report.errors[3]!.message, /"x{80}"\.\.\. \(100000 characters\) .*no more than 253 characters/);
  assert.ok(report.errors[3]!.message.length < 600, 'a long name is cut in the message');
  assert.match(report.errors[4]!.message, /metadata\.namespace "\.\." is not a valid namespace name/);
  assert.match(report.errors[5]!.message, /not a valid Service name: it must be an RFC 1035 label/);
  assert.deepEqual(report.objects.map((o) => [o.ref.name, o.state]), [['fine', 'in-sync']]);
  assert.equal(report.exitCode, 1, 'an invalid manifest is an error, never drift nor missing');
  const requested = server.requestLog.entries.slice(before).map((e) => e.path);
  assert.ok(!requested.some((path) => /\.\.|Bad_Name|a\?x|xxxx|1web/.test(path)), requested.join('\n'));
  assert.match(renderText(report), /; 6 other errors;/);
});

test("a kubeconfig context whose namespace is not a valid name: one error saying so, objects without a namespace fail, the others are checked", async () => {
  const kubeconfig = join(dir.path, 'bad-namespace.kubeconfig');
  await server.writeKubeconfig(kubeconfig, { namespace: '..' });
  server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'placed', namespace: 'default' }, data: { a: '1' } });
  const root = await dir.write({ 'ctx/a.yaml': [doc('ConfigMap', 'placed', 'default'), doc('ConfigMap', 'unplaced')].join('\n---\n') });
  const before = server.requestLog.entries.length;
  const report = await runCheck({ paths: [join(root, 'ctx')], kubeconfig, env: {}, homeDir: dir.path }, { logger: silentLogger });
  assert.equal(report.errors.length, 1);
  assert.match(report.errors[0]!.message, /context "kubediff-test" sets namespace "\.\.", which is not a valid namespace name.*pass --namespace/);
  assert.deepEqual(report.objects.map((o) => [o.ref.name, o.state]), [['placed', 'in-sync'], ['unplaced', 'error']]);
  assert.match(report.objects[1]!.error!.message, /no valid namespace/);
  assert.equal(report.exitCode, 1);
  assert.ok(!server.requestLog.entries.slice(before).some((e) => e.path.includes('..')));
});
