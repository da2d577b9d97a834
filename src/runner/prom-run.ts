// Builds prom-run from its config: the task, the metrics on their own
// registry, the scheduler, and the web server; starts listening first (so a
// bad address fails before anything runs), then starts the runs.
import { statSync } from 'node:fs';
import { Registry } from 'prom-client';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { GitSyncIntegration } from '../gitsync/integration.js';
import { createHealthMetrics } from '../metrics/health-metrics.js';
import { createImageMetrics } from '../metrics/image-metrics.js';
import { createKubediffMetrics, kubediffRunObserver } from '../metrics/kubediff-metrics.js';
import { createPromRunMetrics } from '../metrics/promrun-metrics.js';
import { createRunnerMetrics, registerDefaultMetrics } from '../metrics/runner-metrics.js';
import { pageRendererFor } from '../web/page-renderers.js';
import { RouteTable, type Route } from '../web/routes.js';
import { runnerRoutes } from '../web/runner-routes.js';
import { startWebServer } from '../web/server.js';
import { startWebConfig } from '../webconfig/index.js';
import type { RunnerConfig } from './config.js';
import { Scheduler } from './scheduler.js';
import { selectTask } from './select-task.js';

export interface PromRunDeps {
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly version: string;
  /** Called after each run, once the metrics and the status have it (cmd/prom-run.ts collects the run's garbage). */
  readonly afterRun?: () => void;
  /** More routes on the same server, e.g. POST /-/sync calling scheduler.requestRun(). */
  readonly extraRoutes?: (parts: { readonly scheduler: Scheduler; readonly registry: Registry }) => readonly Route[];
}

export interface PromRun {
  readonly url: string;
  readonly scheduler: Scheduler;
  /** Stops scheduling, terminates a run in progress, closes the server. */
  stop(): Promise<void>;
}

/** Throws ConfigError (bad task arguments, working dir), WebConfigError (bad --web.config.file) or ListenError (address in use). */
export async function startPromRun(config: RunnerConfig, deps: PromRunDeps): Promise<PromRun> {
  if (config.workingDir !== undefined) checkDirectory(config.workingDir);
  const registry = new Registry();
  registerDefaultMetrics(registry);
  const gitSync = new GitSyncIntegration({ config: config.gitSync ?? { commitUrl: undefined, watch: false }, registry, logger: deps.logger });
  const task = await selectTask(config, { ...deps, gitSync });
  const scheduler = new Scheduler({
    task,
    periodMs: config.periodMs,
    timeoutMs: config.timeoutMs,
    logger: deps.logger,
    observers: [
      createRunnerMetrics({ registry, version: deps.version, periodMs: config.periodMs, timeoutMs: config.timeoutMs }),
      createPromRunMetrics(registry),
      ...(task.kind === 'kubediff' ? [kubediffRunObserver(createKubediffMetrics({ registry, maxObjectSeries: config.maxObjectSeries }))] : []),
      ...(task.kind === 'kubediff' ? [kubediffRunObserver(createImageMetrics({ registry, maxImageSeries: config.maxObjectSeries }))] : []),
      ...(task.kind === 'kubediff' ? [kubediffRunObserver(createHealthMetrics({ registry, maxObjectSeries: config.maxObjectSeries }))] : []),
      ...(deps.afterRun ? [{ runFinished: deps.afterRun }] : []),
    ],
  });
  const routes = new RouteTable().add(...runnerRoutes({ status: () => scheduler.status(), registry, page: pageRendererFor(task.kind) }));
  routes.add(...(deps.extraRoutes?.({ scheduler, registry }) ?? []));
  routes.add(...gitSync.routes()); // POST /-/sync, for git-sync's --webhook-url

  // Checked before anything runs: a bad web config stops prom-run (WebConfigError).
  const web = config.webConfigFile === undefined ? undefined : await startWebConfig({ file: config.webConfigFile, logger: deps.logger, registry });
  const server = await startWebServer({
    routes,
    host: config.listenHost,
    port: config.listenPort,
    address: config.listenAddr,
    logger: deps.logger,
    createServer: web?.createServer,
    guard: web?.guard,
  }).catch((error: unknown) => {
    web?.stop();
    throw error;
  });
  deps.logger.log('info', 'listening', { url: server.url, command: task.display, kind: task.kind, version: deps.version });
  scheduler.start();
  // Right after start(), with no await in between: a request to /-/sync cannot come before the first run.
  await gitSync.start(scheduler);
  return {
    url: server.url,
    scheduler,
    async stop() {
      gitSync.stop();
      await scheduler.stop();
      await server.close();
      web?.stop();
    },
  };
}

function checkDirectory(dir: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new ConfigError('--working-dir', `Expected --working-dir to be a directory, got \`${dir}\``);
}
