import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { silentLogger } from '../../src/log/logger.js';
import { shutdownReason, timeoutReason } from '../../src/runner/abort-reasons.js';
import { createKubediffTask } from '../../src/runner/kubediff-task.js';
import type { ApiServer } from '../support/apiserver/index.js';
import { EXAMPLES_DIR, startDemoCluster } from '../../scripts/demo-cluster.js';

describe('createKubediffTask', () => {
  let cluster: ApiServer;
  before(async () => {
    cluster = await startDemoCluster();
  });
  after(() => cluster.close());

  const task = (...args: string[]) =>
    createKubediffTask({ command: ['/kubediff', '--kubeconfig', cluster.kubeconfigPath, ...args], maxOutputBytes: 1 << 20, env: {}, homeDir: tmpdir(), logger: silentLogger });
  const run = (t: ReturnType<typeof task>, signal = new AbortController().signal) => t.run({ signal });

  test('runs the checker in-process: exit 2 on drift, the text output, and the report', async () => {
    const t = task(EXAMPLES_DIR);
    assert.equal(t.kind, 'kubediff');
    assert.equal(t.display, `/kubediff --kubeconfig ${cluster.kubeconfigPath} ${EXAMPLES_DIR}`);
    const outcome = await run(t);
    assert.equal(outcome.exitCode, 2);
    assert.equal(outcome.timedOut, false);
    assert.equal(outcome.check?.exitCode, 2);
    assert.deepEqual(
      outcome.check?.objects.filter((o) => o.state !== 'in-sync').map((o) => `${o.state} ${o.ref.kind}/${o.ref.name}`).sort(),
      ['drifted Deployment/api', 'drifted Deployment/web', 'missing ConfigMap/shop-settings'],
    );
    assert.match(outcome.output, /shop\/api \(Deployment/);
    assert.equal(outcome.output.includes('s3cr3t-demo-password'), false);
  });

  test('honours -e (drift exits 0) and -j (weaveworks JSON output) as the CLI does', async () => {
    const quiet = await run(task('-e', EXAMPLES_DIR));
    assert.equal(quiet.exitCode, 0);
    assert.equal(quiet.check?.exitCode, 2);
    const json = await run(task('-j', EXAMPLES_DIR));
    assert.equal(json.exitCode, 2);
    assert.equal(typeof JSON.parse(json.output), 'object');
  });

  test('resolves relative paths against the working directory', async () => {
    const t = createKubediffTask({ command: ['kubediff', '--kubeconfig', cluster.kubeconfigPath, 'examples'], workingDir: new URL('../..', import.meta.url).pathname, maxOutputBytes: 1 << 20, env: {}, homeDir: tmpdir(), logger: silentLogger });
    const outcome = await run(t);
    assert.equal(outcome.exitCode, 2, outcome.output);
  });

  test('stops mid-run on the runner timeout: exit 124, no report', async (t) => {
    cluster.faults.latencyMs = 2000;
    t.after(() => (cluster.faults.latencyMs = 0));
    const controller = new AbortController();
    const pending = run(task(EXAMPLES_DIR), controller.signal);
    controller.abort(timeoutReason(10));
    const outcome = await pending;
    assert.equal(outcome.exitCode, 124);
    assert.equal(outcome.timedOut, true);
    assert.equal(outcome.check, undefined);
  });

  test("--request-timeout in the command bounds the run's cluster part: a hanging server is an error naming it", async (t) => {
    cluster.faults.failNext({ hang: true, count: 1000 });
    t.after(() => cluster.faults.clear());
    const outcome = await run(task('--request-timeout=1s', EXAMPLES_DIR));
    assert.equal(outcome.exitCode, 1, outcome.output);
    assert.equal(outcome.timedOut, false);
    assert.match(outcome.output, /no answer within --request-timeout=1s/);
  });

  test('a shutdown mid-run exits 1 without a report', async (t) => {
    cluster.faults.latencyMs = 2000;
    t.after(() => (cluster.faults.latencyMs = 0));
    const controller = new AbortController();
    const pending = run(task(EXAMPLES_DIR), controller.signal);
    controller.abort(shutdownReason());
    const outcome = await pending;
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.timedOut, false);
    assert.equal(outcome.check, undefined);
  });

  test('an unreachable cluster is an error (exit 1), not drift', async () => {
    const gone = await startDemoCluster();
    const kubeconfig = `${tmpdir()}/kubediff-task-gone-${process.pid}`;
    await gone.writeKubeconfig(kubeconfig);
    await gone.close();
    const outcome = await createKubediffTask({ command: ['kubediff', '-k', kubeconfig, EXAMPLES_DIR], maxOutputBytes: 1 << 20, env: {}, homeDir: tmpdir(), logger: silentLogger }).run({ signal: new AbortController().signal });
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.check?.totals.drifted, 0);
  });

  test('bad arguments fail at creation, naming the flag', () => {
    assert.throws(() => task('--bogus', EXAMPLES_DIR), (error: unknown) => error instanceof ConfigError && error.flag === '--bogus');
    assert.throws(() => task(), (error: unknown) => error instanceof ConfigError && error.flag === '<path>');
    assert.throws(() => task('--help'), (error: unknown) => error instanceof ConfigError && error.flag === '--help');
    // Standard input can be read once; prom-run checks on every period.
    assert.throws(() => task('-'), (error: unknown) => error instanceof ConfigError && error.flag === '-');
  });

  test('--registry-config and --registry-ca-file are resolved against the working directory, as --kubeconfig is', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'kubediff-task-images-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    // The image's registry is a closed port on loopback: the run asks it (reading both files) and no request leaves this machine.
    await writeFile(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers: [{name: c, image: "127.0.0.1:1/app:1"}]\n');
    const task = createKubediffTask({ command: ['kubediff', '--kubeconfig', cluster.kubeconfigPath, '--check-images', '--registry-insecure=127.0.0.1:1', '--registry-config=no-such-registry.json', '--registry-ca-file=no-such-ca.pem', 'pod.yaml'], workingDir: dir, maxOutputBytes: 1 << 20, env: {}, homeDir: tmpdir(), logger: silentLogger });
    const outcome = await run(task);
    const notices = outcome.check?.notices.join('\n') ?? '';
    assert.ok(notices.includes(`registry credentials are not used: ${join(dir, 'no-such-registry.json')} does not exist`), notices);
    assert.ok(notices.includes(`the CA bundle is not used: ${join(dir, 'no-such-ca.pem')} does not exist`), notices);
    assert.equal(outcome.check?.images?.[0]?.status, 'registry-unavailable');
  });

  test('bounds the output', async () => {
    const t = createKubediffTask({ command: ['kubediff', '-k', cluster.kubeconfigPath, EXAMPLES_DIR], maxOutputBytes: 100, env: {}, homeDir: tmpdir(), logger: silentLogger });
    const outcome = await run(t);
    assert.equal(outcome.outputTruncated, true);
    assert.ok(Buffer.byteLength(outcome.output) <= 100);
  });
});
