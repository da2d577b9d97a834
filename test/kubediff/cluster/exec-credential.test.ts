// Exec credential plugins run by kubediff itself: the ExecCredential
// protocol (KUBERNETES_EXEC_INFO, env, args, cluster info, token or client
// certificate out), clear errors that never quote what a plugin printed, and
// a plugin that does not answer is stopped with its whole process group on
// its own timeout and on the run's abort, even when it ignores SIGTERM.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecPluginError, runExecPlugin, type ExecPluginOptions } from '../../../src/kubediff/cluster/exec-credential.js';
import type { ExecConfig } from '../../../src/kubediff/cluster/kubeconfig-file.js';
import { groupAlive } from '../../../src/runner/process-group.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-exec-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** A plugin: a shell script in the temp folder. */
function plugin(body: string): string {
  const file = join(dir, `plugin-${counter++}.sh`);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function exec(command: string, more: Partial<ExecConfig> = {}): ExecConfig {
  return { command, args: [], env: [], apiVersion: 'client.authentication.k8s.io/v1', provideClusterInfo: false, interactiveMode: 'Never', ...more };
}

const cluster = { name: 'c', server: 'https://10.0.0.1:6443', skipTLSVerify: false, tlsServerName: 'api.internal' };
const options = (more: Partial<ExecPluginOptions> = {}): ExecPluginOptions => ({ env: { PATH: process.env.PATH }, terminal: false, cluster, ...more });
const credential = (status: Record<string, unknown>) => `echo '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status })}'`;

function failsWith(reason: ExecPluginError['reason'], message: RegExp) {
  return (err: unknown) => err instanceof ExecPluginError && err.reason === reason && message.test(err.message);
}

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 600 && !(existsSync(file) && readFileSync(file, 'utf8').trim() !== ''); i++) await new Promise((r) => setTimeout(r, 50));
  return readFileSync(file, 'utf8').trim();
}

async function waitForGroupGone(pgid: number): Promise<boolean> {
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 50));
  return !groupAlive(pgid);
}

describe('exec credential plugins: the protocol', () => {
  test('the plugin gets KUBERNETES_EXEC_INFO, its args and env entries, and gives a token with an expiry', async () => {
    const seen = join(dir, 'seen.json');
    const command = plugin(`printf '%s' "$KUBERNETES_EXEC_INFO" > '${seen}'; printf '%s %s' "$1" "$REGION" >> '${seen}.args'\n${credential({ token: 'tok-1', expirationTimestamp: '2030-01-02T03:04:05Z' })}`);
    const got = await runExecPlugin(exec(command, { args: ['get-token'], env: [{ name: 'REGION', value: 'eu-west-1' }], provideClusterInfo: true }), options({ caData: 'Q0E=' }));
    assert.deepEqual(got, { token: 'tok-1', expiresAt: Date.parse('2030-01-02T03:04:05Z') });
    assert.deepEqual(JSON.parse(readFileSync(seen, 'utf8')), {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server: 'https://10.0.0.1:6443', 'tls-server-name': 'api.internal', 'certificate-authority-data': 'Q0E=' } },
    });
    assert.equal(readFileSync(`${seen}.args`, 'utf8'), 'get-token eu-west-1');
  });

  test('a client certificate and key from the plugin', async () => {
    const command = plugin(credential({ clientCertificateData: 'CERT-PEM', clientKeyData: 'KEY-PEM' }));
    assert.deepEqual(await runExecPlugin(exec(command), options()), { clientCertificateData: 'CERT-PEM', clientKeyData: 'KEY-PEM' });
  });

  test('failures say what went wrong, and never quote what the plugin printed on stdout', async () => {
    await assert.rejects(runExecPlugin(exec(join(dir, 'no-such-plugin'), { installHint: 'Install it with\n  brew install no-such-plugin' }), options()), failsWith('not-found', /was not found: Install it with brew install no-such-plugin$/));
    await assert.rejects(runExecPlugin(exec(plugin('echo "token expired, run login" >&2; exit 3')), options()), failsWith('failed', /exited with code 3: token expired, run login$/));
    const leaky = plugin('echo "not json but secret-token-xyz"');
    await assert.rejects(runExecPlugin(exec(leaky), options()), (err: unknown) => failsWith('invalid', /not JSON/)(err) && !(err as Error).message.includes('secret-token-xyz'));
    await assert.rejects(runExecPlugin(exec(plugin(credential({}))), options()), failsWith('invalid', /neither a token nor a client certificate/));
    await assert.rejects(runExecPlugin(exec(plugin(credential({ clientCertificateData: 'CERT' }))), options()), failsWith('invalid', /without its key/));
    await assert.rejects(runExecPlugin(exec(plugin('head -c 2000000 /dev/zero')), options()), failsWith('invalid', /more than 1 MiB/));
  });

  test('interactiveMode Always without a terminal is refused before running anything', async () => {
    const ran = join(dir, 'ran-always');
    await assert.rejects(runExecPlugin(exec(plugin(`touch '${ran}'`), { interactiveMode: 'Always' }), options()), failsWith('interactive', /needs a terminal/));
    assert.equal(existsSync(ran), false);
  });
});

describe('exec credential plugins: stopping one that does not answer', () => {
  test('its own timeout stops the plugin and its children, even when it ignores SIGTERM', async () => {
    const pidFile = join(dir, 'timeout.pid');
    const command = plugin(`trap '' TERM; echo $$ > '${pidFile}'; sleep 300 & wait; sleep 300`);
    const started = Date.now();
    await assert.rejects(runExecPlugin(exec(command), options({ timeoutMs: 3000 })), failsWith('timeout', /did not answer within 3 s and was stopped/));
    assert.ok(Date.now() - started < 20_000);
    const pid = Number(await waitForFile(pidFile));
    assert.ok(await waitForGroupGone(pid), 'the plugin and its sleep are gone');
  });

  test("the run's abort stops the plugin group at once", async () => {
    const pidFile = join(dir, 'abort.pid');
    const command = plugin(`echo $$ > '${pidFile}'; sleep 300`);
    const controller = new AbortController();
    const running = runExecPlugin(exec(command), options({ signal: controller.signal }));
    const pid = Number(await waitForFile(pidFile));
    assert.ok(groupAlive(pid));
    controller.abort(new Error('run timed out'));
    await assert.rejects(running, failsWith('aborted', /was stopped: run timed out/));
    assert.ok(await waitForGroupGone(pid), 'the plugin group is gone');
  });
});
