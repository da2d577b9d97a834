// An exec credential plugin that never answers, under the real programs: the
// kubediff CLI exits on SIGTERM, and prom-run leaves no plugin process behind
// after a run that timed out nor when it shuts down (each timed-out run used
// to leave one, and they were orphaned on shutdown).
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { groupAlive } from '../../src/runner/process-group.js';
import { startPromRun, waitFor } from '../support/prom-run.js';
import { makeTempDir, type TempDir } from './helpers/temp.js';
import { startKubediff } from './helpers/processes.js';

describe('an exec plugin that never answers', () => {
  let tmp: TempDir;
  let counter = 0;
  before(async () => {
    tmp = await makeTempDir();
    writeFileSync(join(tmp.path, 'settings.yaml'), stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' } }));
  });
  after(() => tmp.remove());

  /** A kubeconfig whose plugin writes its pid to the returned file and then sleeps (its sleep in the same group). */
  function hangingPlugin(): { kubeconfig: string; pidFile: string } {
    const n = counter++;
    const pidFile = join(tmp.path, `plugin-${n}.pid`);
    const command = join(tmp.path, `plugin-${n}.sh`);
    writeFileSync(command, `#!/bin/sh\necho $$ > '${pidFile}'\nsleep 600\n`);
    chmodSync(command, 0o755);
    const kubeconfig = join(tmp.path, `kubeconfig-${n}`);
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        // Never contacted: the credentials never come.
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:9', 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'Never' } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    return { kubeconfig, pidFile };
  }

  const pidIn = (file: string) => waitFor(() => existsSync(file) && Number(readFileSync(file, 'utf8').trim()), { what: `the plugin to write ${file}`, timeoutMs: 120_000 });
  const gone = (pid: number) => waitFor(() => !groupAlive(pid), { what: `plugin group ${pid} to be gone`, timeoutMs: 30_000 });

  test('the kubediff CLI exits on SIGTERM and stops the plugin', async () => {
    const { kubeconfig, pidFile } = hangingPlugin();
    const run = startKubediff(['--kubeconfig', kubeconfig, join(tmp.path, 'settings.yaml')], { PATH: process.env.PATH, HOME: tmp.path });
    const pid = await pidIn(pidFile);
    run.signal('SIGTERM');
    const result = await run.done;
    assert.equal(result.exitCode, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /cancelled/);
    await gone(pid);
  });

  test('prom-run stops the plugin of a run that timed out (exit 124)', async (t) => {
    const { kubeconfig, pidFile } = hangingPlugin();
    const app = await startPromRun(['-period=1h', '-timeout=3s', 'kubediff', '--kubeconfig', kubeconfig, join(tmp.path, 'settings.yaml')]);
    t.after(() => app.stop());
    const pid = await pidIn(pidFile);
    const finished = await waitFor(() => app.logs().find((l) => l.msg === 'run finished'), { what: 'the run to finish', timeoutMs: 120_000 });
    assert.equal(finished.exit_code, 124);
    await gone(pid);
  });

  test('prom-run stops a hanging plugin when it shuts down, and exits', async () => {
    const { kubeconfig, pidFile } = hangingPlugin();
    const app = await startPromRun(['-period=1h', '-timeout=10m', 'kubediff', '--kubeconfig', kubeconfig, join(tmp.path, 'settings.yaml')]);
    const pid = await pidIn(pidFile);
    const status = await app.stop('SIGTERM', 60_000);
    assert.equal(status.code, 0, JSON.stringify(app.logs()));
    await gone(pid);
  });
});
