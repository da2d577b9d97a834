// The real CLI reading manifests from pipes, against the emulated API server
// with objects applied by real kubectl: `-` (stdin), a bash process
// substitution `<(...)`, and a folder holding a FIFO, which used to hang the
// check forever (now skipped with a notice, the other files checked).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { KUBEDIFF_CMD, kubectl } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: piped-a
data:
  mode: fast
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: piped-b
data:
  mode: slow
`;

describe('kubediff reading streams', () => {
  let server: ApiServer;
  let tmp: TempDir;
  let env: NodeJS.ProcessEnv;
  let file: string;

  before(async () => {
    server = await startApiServer({});
    tmp = await makeTempDir();
    env = { PATH: process.env.PATH, HOME: tmp.path, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(tmp.path, 'kube-cache') };
    file = join(tmp.path, 'all.yaml');
    await writeFile(file, MANIFESTS);
    await kubectl(['apply', '-f', file], env);
  });
  after(async () => {
    await server.close();
    await tmp.remove();
  });

  const kubediff = (args: string[], input?: string) =>
    execa(process.execPath, ['--import', 'tsx', KUBEDIFF_CMD, ...args], { env, extendEnv: false, reject: false, timeout: 120_000, ...(input === undefined ? {} : { input }) });

  test('- reads the manifests from standard input, naming stdin and the document', async () => {
    const run = await kubediff(['-o', 'json', '-'], await readFile(file, 'utf8'));
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as { totals: { objects: number; inSync: number }; objects: { source: { file: string; document: number } }[] };
    assert.deepEqual([report.totals.objects, report.totals.inSync], [2, 2]);
    assert.deepEqual(report.objects.map((o) => [o.source.file, o.source.document]), [['-', 0], ['-', 1]]);
  });

  test('- reports drift from piped manifests', async () => {
    const run = await kubediff(['-'], MANIFESTS.replace('mode: slow', 'mode: slower'));
    assert.equal(run.exitCode, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /## default\/piped-b \(ConfigMap\.v1\)\n\n\.data\.mode: 'slower' != 'slow'/);
  });

  test('a bash process substitution <(...) is read as a stream', async () => {
    const run = await execa('bash', ['-c', `"${process.execPath}" --import tsx "${KUBEDIFF_CMD}" <(cat "${file}")`], { env, extendEnv: false, reject: false, timeout: 120_000 });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /kubediff: 2 objects \(2 in sync, 0 drifted, 0 missing, 0 failed\)/);
  });

  test('a FIFO in a folder is skipped with a notice and the folder is still checked (it hung the check before)', async () => {
    const dir = await tmp.write({ 'repo/all.yaml': MANIFESTS });
    execFileSync('mkfifo', [join(dir, 'repo', 'x.yaml')]);
    const run = await kubediff([join(dir, 'repo')]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /notice: skipped .*x\.yaml: a FIFO \(named pipe\), not a regular file/);
    assert.match(run.stdout, /kubediff: 2 objects \(2 in sync/);
  });
});
