// A runner assembled as prom-run assembles it (scheduler, metrics, web server
// with the kubediff page and the git-sync routes), around the git-sync
// integration and the file-reading stand-in for the checker. Used until the
// end-to-end tests that start the real prom-run.
import { Registry } from 'prom-client';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/log/logger.js';
import { createRunnerMetrics } from '../../src/metrics/runner-metrics.js';
import { GitSyncIntegration } from '../../src/gitsync/integration.js';
import type { GitSyncConfig } from '../../src/gitsync/config.js';
import { Scheduler } from '../../src/runner/scheduler.js';
import { pageRendererFor } from '../../src/web/page-renderers.js';
import { RouteTable } from '../../src/web/routes.js';
import { runnerRoutes } from '../../src/web/runner-routes.js';
import { startWebServer } from '../../src/web/server.js';
import type { CheckReport } from '../../src/kubediff/result.js';
import { GitSyncRepo } from '../support/git-sync.js';
import { createReadingTask, type ReadingTaskStats } from './reading-task.js';

export interface Harness {
  readonly repo: GitSyncRepo;
  readonly url: string;
  readonly stats: ReadingTaskStats;
  readonly scheduler: Scheduler;
  close(): Promise<void>;
}

export async function startHarness(
  config: Partial<GitSyncConfig> = {},
  rateLimit?: { burst: number; refillMs: number },
): Promise<Harness> {
  const registry = new Registry();
  const integration = new GitSyncIntegration({
    config: { commitUrl: undefined, watch: false, ...config },
    registry,
    logger: silentLogger,
    ...(rateLimit ? { rateLimit } : {}),
  });
  const stats: ReadingTaskStats = { runs: 0 };
  const repo = await GitSyncRepo.create();
  const task = integration.wrapKubediffTask([join(repo.link, 'k8s')], repo.base, (paths) => createReadingTask(paths, 1, stats));
  const periodMs = 3_600_000;
  const timeoutMs = 60_000;
  const scheduler = new Scheduler({
    task,
    periodMs,
    timeoutMs,
    logger: silentLogger,
    observers: [createRunnerMetrics({ registry, version: 'test', periodMs, timeoutMs })],
  });
  const routes = new RouteTable()
    .add(...runnerRoutes({ status: () => scheduler.status(), registry, page: pageRendererFor('kubediff') }))
    .add(...integration.routes());
  const server = await startWebServer({ routes, host: '127.0.0.1', port: 0, address: '127.0.0.1:0', logger: silentLogger });
  const url = server.url;
  // The webhook goes to the server, as git-sync's --webhook-url would.
  repo.webhookUrl = `${url}/-/sync`;
  await integration.start(scheduler);
  scheduler.start();
  return {
    repo,
    url,
    stats,
    scheduler,
    async close() {
      integration.stop();
      await scheduler.stop();
      await server.close();
      await repo.cleanup();
    },
  };
}

/** The parts of GET /api/status these tests read. */
export interface StatusJson {
  readonly waiting: { readonly reason: string } | null;
  readonly latest: {
    readonly trigger: string;
    readonly exitCode: number;
    readonly check?: CheckReport;
  } | null;
  readonly recent: readonly unknown[];
}

export async function getStatus(url: string): Promise<StatusJson> {
  const response = await fetch(`${url}/api/status`);
  return (await response.json()) as StatusJson;
}

/** Polls until `probe` returns a value; a generous bound, no timing assertion. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
