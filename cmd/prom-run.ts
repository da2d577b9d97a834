#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=20 --expose-gc
// prom-run: runs a command (or the built-in kubediff) on a period, exports its
// exit code to Prometheus and serves its output. Parses the flags, builds the
// parts, runs until SIGTERM/SIGINT, and maps errors to exit codes:
// 2 bad usage, 1 cannot start (listen address in use, a bad web config), 0 after a signal.
//
// The #! line gives V8 a small young generation and a heap that grows by 20%
// rather than 2-4x after each full collection: a sidecar between two runs
// keeps what the page needs and little more, and exposes gc(): a full
// collection after each run hands the run's garbage back before the sidecar
// idles, instead of whenever V8 next needs room (bench/sidecar.ts, 2,000
// objects: about 90 MB resident between runs, 100-105 MB without the
// collection, 150-170 MB with V8's defaults; each step costs some CPU per run,
// about 0.2 s for the collection). `node dist/cmd/prom-run.js` runs it with
// V8's defaults and no collection after runs.
import { homedir } from 'node:os';
import { ConfigError } from '../src/errors.js';
import { createJsonLogger } from '../src/log/logger.js';
import { parseRunnerArgs, runnerUsage } from '../src/runner/config.js';
import { packageVersion } from '../src/runner/version.js';
import { escapeControl, escapeControlKeepLines } from '../src/text/control-characters.js';
import { WebConfigError } from '../src/webconfig/errors.js';

/** How long shutdown may take before prom-run exits anyway. */
const SHUTDOWN_DEADLINE_MS = 8000;

async function loadRunner() {
  const [{ startPromRun }, { ListenError }] = await Promise.all([import('../src/runner/prom-run.js'), import('../src/web/server.js')]);
  return { startPromRun, ListenError };
}

async function main(argv: readonly string[]): Promise<number> {
  // Logs are best effort: a reader of stderr that goes away (EPIPE) must not stop the runner.
  process.stderr.on('error', () => {});
  const logger = createJsonLogger(process.stderr);
  // Listening from the start: a signal that comes while prom-run starts up
  // (the first run may already be going) still gets a clean shutdown.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  let app;
  let runner: Awaited<ReturnType<typeof loadRunner>> | undefined;
  try {
    const args = parseRunnerArgs(argv);
    if (args.action === 'help') {
      process.stdout.write(runnerUsage());
      return 0;
    }
    if (args.action === 'version') {
      process.stdout.write(`prom-run ${packageVersion()}\n`);
      return 0;
    }
    // Loaded only now: --help and a bad flag do not pay for the server and metrics.
    runner = await loadRunner();
    const gc = globalThis.gc;
    app = await runner.startPromRun(args.config, { logger, env: process.env, homeDir: homedir(), version: packageVersion(), ...(gc ? { afterRun: () => gc() } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`prom-run: ${escapeControl(error.message)} (see prom-run --help)\n`);
      return 2;
    }
    if ((runner && error instanceof runner.ListenError) || error instanceof WebConfigError) {
      process.stderr.write(`prom-run: ${escapeControl(error.message)}
`);
      return 1;
    }
    throw error;
  }

  const signal = await stopSignal;
  logger.log('info', 'shutting down', { signal });
  const deadline = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), SHUTDOWN_DEADLINE_MS).unref());
  if ((await Promise.race([app.stop().then(() => 'stopped' as const), deadline])) === 'deadline') {
    logger.log('warn', 'shutdown took too long; exiting anyway', { deadline_seconds: SHUTDOWN_DEADLINE_MS / 1000 });
  }
  logger.log('info', 'stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`prom-run: unexpected error: ${escapeControlKeepLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    process.exit(1);
  },
);
