// prom-run's afterRun hook (cmd/prom-run.ts passes a full garbage collection):
// called once after each run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../src/log/logger.js';
import { parseRunnerArgs } from '../../src/runner/config.js';
import { startPromRun } from '../../src/runner/prom-run.js';
import { waitFor } from '../support/prom-run.js';

test('afterRun is called once after each run', async (t) => {
  const args = parseRunnerArgs(['-period=24h', '-listen-addr=127.0.0.1:0', 'true']);
  assert.ok(args.action === 'run');
  let calls = 0;
  const app = await startPromRun(args.config, { logger: silentLogger, env: process.env, homeDir: '/nonexistent', version: 'test', afterRun: () => calls++ });
  t.after(() => app.stop());

  await waitFor(() => calls === 1, { what: 'the first run' });
  app.scheduler.requestRun();
  await waitFor(() => app.scheduler.status().totals.runs === 2 && calls === 2, { what: 'the second run' });
  assert.equal(app.scheduler.status().latest?.exitCode, 0);
});
