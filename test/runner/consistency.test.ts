// What a person reads agrees with what the metric says: a timed-out run's
// output says exit 124, a drift ignored by -e says exit 0 and why, and
// /output.txt shows a command's control characters as escapes.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../src/log/logger.js';
import { timeoutReason } from '../../src/runner/abort-reasons.js';
import { createKubediffTask } from '../../src/runner/kubediff-task.js';
import type { RunnerStatus } from '../../src/runner/status.js';
import { pageRendererFor } from '../../src/web/page-renderers.js';
import { RouteTable } from '../../src/web/routes.js';
import { runnerRoutes } from '../../src/web/runner-routes.js';
import { startWebServer } from '../../src/web/server.js';
import { EXAMPLES_DIR, startDemoCluster } from '../../scripts/demo-cluster.js';
import type { ApiServer } from '../support/apiserver/index.js';

describe('the built-in checker says the run exit code', () => {
  let cluster: ApiServer;
  before(async () => {
    cluster = await startDemoCluster();
  });
  after(() => cluster.close());
  const task = (...args: string[]) =>
    createKubediffTask({ command: ['kubediff', '--kubeconfig', cluster.kubeconfigPath, ...args], maxOutputBytes: 1 << 20, env: {}, homeDir: tmpdir(), logger: silentLogger });

  test('a run stopped by its timeout: the output says exit 124 (timed out), as the metric does; -o json too', async (t) => {
    cluster.faults.latencyMs = 2000;
    t.after(() => (cluster.faults.latencyMs = 0));
    for (const args of [[EXAMPLES_DIR], ['-o', 'json', EXAMPLES_DIR]]) {
      const controller = new AbortController();
      const pending = task(...args).run({ signal: controller.signal });
      controller.abort(timeoutReason(10));
      const outcome = await pending;
      assert.equal(outcome.exitCode, 124);
      if (args[0] === '-o') {
        const json = JSON.parse(outcome.output) as { exitCode: number; timedOut: boolean };
        assert.deepEqual([json.exitCode, json.timedOut], [124, true]);
      } else {
        assert.match(outcome.output.trimEnd().split('\n').at(-1) ?? '', /; exit 124 \(timed out: the check did not finish, the counts are incomplete\)$/);
        assert.doesNotMatch(outcome.output, /exit 1\b/);
        // It said "cancelled before it finished: aborted".
        assert.match(outcome.output, /^error: the check was cancelled before it finished: the run took longer than prom-run's -timeout \(10ms\); .*raise -timeout$/m);
      }
    }
  });

  test('drift under -e: the output says exit 0 and that drift was found', async () => {
    const outcome = await task('-e', EXAMPLES_DIR).run({ signal: new AbortController().signal });
    assert.equal(outcome.exitCode, 0);
    assert.match(outcome.output.trimEnd().split('\n').at(-1) ?? '', /; exit 0 \(drift found; --no-error-on-diff\)$/);
  });
});

test('/output.txt shows the control characters of a command output as escapes (for curl on a terminal)', async (t) => {
  const output = 'plan: \u001b[31m1 to destroy\u001b[0m\r\nname\u0007\u009b2J\u202e\tok\n';
  const status = {
    task: { kind: 'command', display: 'terraform plan' },
    latest: { id: 1, exitCode: 2, output, outputTruncated: false },
  } as unknown as RunnerStatus;
  const routes = new RouteTable().add(...runnerRoutes({ status: () => status, registry: new Registry(), page: pageRendererFor('command') }));
  const server = await startWebServer({ routes, host: '127.0.0.1', port: 0, address: '127.0.0.1:0', logger: silentLogger });
  t.after(() => server.close());
  const response = await fetch(`${server.url}/output.txt`);
  assert.equal(response.headers.get('x-exit-code'), '2');
  assert.equal(await response.text(), 'plan: \\u001b[31m1 to destroy\\u001b[0m\nname\\u0007\\u009b2J\\u202e\tok\n');
});
