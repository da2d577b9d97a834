// "Never leak a Secret", for exec credential plugins: the token a plugin
// gives (used, and refused with 401), and what a plugin prints on stdout when
// it fails or answers something that is not an ExecCredential (it may hold a
// token), checked in every output of the real CLI (text, -j, -o json, -o diff,
// stderr) and of the real prom-run (page, JSON, text, metrics, logs), against
// the emulated API server over HTTPS. The outputs must still say which plugin
// failed and why.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { startPromRun, waitFor } from '../support/prom-run.js';
import { makeTempDir, type TempDir } from '../kubediff/helpers/temp.js';
import { cliOutputs, crawl, promRunLog } from './secret-leak-outputs.js';
import { findLeaks, needlesFor } from './secret-leak-search.js';

const REFUSED_TOKEN = 'refused-EXEC-token-q9w8e7r6t5';
const GARBAGE_SECRET = 'garbage-EXEC-stdout-z4x3c2v1';
const FAILING_SECRET = 'failing-EXEC-stdout-k2j3h4g5';
type Plugin = 'good' | 'refused' | 'garbage' | 'failing';

describe('no exec credential plugin token leaks from any output', () => {
  let dir: TempDir;
  let server: ApiServer;
  const outputs = new Map<string, string>();
  const exitCodes = new Map<string, number>();

  /** A kubeconfig for the server whose user is the given plugin (a shell script). */
  function kubeconfigWith(plugin: Plugin, script: string): string {
    const command = join(dir.path, `plugin-${plugin}.sh`);
    writeFileSync(command, `#!/bin/sh\n${script}\n`);
    chmodSync(command, 0o755);
    const config = parse(readFileSync(server.kubeconfigPath, 'utf8')) as { users: Array<{ name: string; user: unknown }> };
    for (const user of config.users) user.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'Never' } };
    const file = join(dir.path, `kubeconfig-${plugin}`);
    writeFileSync(file, stringify(config));
    return file;
  }
  const credential = (token: string) => `echo '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } })}'`;

  before(async () => {
    dir = await makeTempDir('kubediff-secret-leak-exec-');
    server = await startApiServer({ tls: true });
    server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'production' } });
    const repo = await dir.write({ 'repo/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {mode: staging}\n' });
    const manifests = join(repo, 'repo');
    const kubeconfigs: Record<Plugin, string> = {
      good: kubeconfigWith('good', credential(server.token!)),
      refused: kubeconfigWith('refused', credential(REFUSED_TOKEN)),
      garbage: kubeconfigWith('garbage', `echo '{"token": "${GARBAGE_SECRET}"'`),
      failing: kubeconfigWith('failing', `echo '${FAILING_SECRET}'\necho 'login failed: session expired' >&2\nexit 1`),
    };
    const env = { PATH: process.env.PATH, HOME: dir.path };
    for (const plugin of ['good', 'refused', 'garbage', 'failing'] as const) {
      const formats = plugin === 'good' ? [[], ['-j'], ['-o', 'json'], ['-o', 'diff']] : [[], ['-o', 'json']];
      const { outputs: cli, runs } = await cliOutputs(formats, ['--kubeconfig', kubeconfigs[plugin], manifests], env);
      for (const [name, text] of cli) outputs.set(`${plugin}: ${name}`, text);
      for (const [name, run] of runs) exitCodes.set(`${plugin}: ${name}`, run.exitCode);
    }
    for (const plugin of ['good', 'failing'] as const) {
      const app = await startPromRun(['-period=1s', 'kubediff', '--kubeconfig', kubeconfigs[plugin], manifests], { env });
      try {
        await waitFor(async () => {
          const status = (await (await fetch(`${app.url}/api/status`)).json()) as { latest?: { id: number } };
          return (status.latest?.id ?? 0) >= 2 ? true : undefined;
        }, { what: 'two finished runs', timeoutMs: 120_000 });
        const crawled = await crawl(app.url, ['/', '/api/status', '/output.txt', '/metrics']);
        for (const [name, text] of crawled.outputs) outputs.set(`${plugin}: ${name}`, text);
      } finally {
        await app.stop();
      }
      outputs.set(`${plugin}: prom-run stderr`, promRunLog(app));
    }
  });

  after(async () => {
    await server?.close();
    await dir?.remove();
  });

  test('the outputs say what each plugin did', () => {
    assert.equal(exitCodes.get('good: kubediff (text)'), 2, outputs.get('good: kubediff (text) stderr'));
    assert.match(outputs.get('good: kubediff (text) stdout') ?? '', /'staging' != 'production'|staging/);
    assert.equal(exitCodes.get('refused: kubediff (text)'), 1);
    assert.match(outputs.get('refused: kubediff (text) stdout') ?? '', /401|Unauthorized|unauthori[sz]ed/i);
    assert.equal(exitCodes.get('garbage: kubediff (text)'), 1);
    assert.match(outputs.get('garbage: kubediff (text) stdout') ?? '', /exec plugin .*plugin-garbage\.sh/);
    assert.equal(exitCodes.get('failing: kubediff (text)'), 1);
    assert.match(outputs.get('failing: kubediff (text) stdout') ?? '', /exited with code 1: login failed: session expired/);
    assert.match(outputs.get('failing: GET /') ?? '', /plugin-failing\.sh/);
  });

  test('no output holds the tokens or what a plugin printed on stdout', () => {
    const leaks = findLeaks(outputs, needlesFor([server.token!, REFUSED_TOKEN, GARBAGE_SECRET, FAILING_SECRET], { excerpts: true }));
    assert.deepEqual(leaks, [], `${leaks.length} leaks:\n${leaks.join('\n')}`);
    assert.ok(outputs.size >= 2 * 4 + 3 * 2 * 2 + 2 * 5, `${outputs.size} outputs searched`);
  });
});
