// prom-run's logs are best effort: when whoever reads its stderr goes away
// (EPIPE), the runner keeps running and serving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startPromRun, waitFor } from '../support/prom-run.js';

test('a closed log pipe does not stop prom-run', async (t) => {
  const app = await startPromRun(['-period=200ms', '--', fixture('exit-with'), '0']);
  t.after(() => app.stop('SIGKILL'));
  const runsBefore = async (): Promise<number> => {
    const status = (await (await fetch(`${app.url}/api/status`)).json()) as { totals: { runs: number } };
    return status.totals.runs;
  };
  const before = await runsBefore();
  // Close our end of prom-run's stderr: its next log lines hit EPIPE.
  app.child.stderr?.destroy();
  // Several more runs, each logging a line into the closed pipe.
  await waitFor(async () => ((await runsBefore()) >= before + 5 ? true : undefined), { what: 'five more runs after the log pipe closed', timeoutMs: 60_000 });
  assert.equal(app.child.exitCode, null, 'prom-run is still running');
  assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
});
