// Everything prom-run needs for the pairing with git-sync, built once at
// start-up on prom-run's registry: the wrapper for the built-in checker's
// task, the POST /-/sync route, and the --watch link watcher. The scheduler
// exists only after the task, so the trigger is connected in start().
import type { Registry } from 'prom-client';
import type { Revision } from '../kubediff/result.js';
import type { Logger } from '../log/logger.js';
import type { Task } from '../runner/task.js';
import type { Route } from '../web/routes.js';
import { CheckoutState } from './checkout-state.js';
import type { GitSyncConfig } from './config.js';
import { createGitSyncTask } from './git-sync-task.js';
import { LinkWatcher } from './link-watcher.js';
import { RevisionMetrics } from './revision-metrics.js';
import { createSyncRoute } from './sync-route.js';
import { SyncTrigger } from './sync-trigger.js';

export interface GitSyncIntegrationOptions {
  readonly config: GitSyncConfig;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Epoch ms; default Date.now. */
  readonly clock?: () => number;
  /** Sync requests allowed at once, then one per refillMs (defaults in sync-trigger.ts). */
  readonly rateLimit?: { readonly burst: number; readonly refillMs: number };
}

/** What the scheduler offers: a run now, or one follow-up after the current run. */
export interface RunRequester {
  requestRun(): unknown;
}

export class GitSyncIntegration {
  private readonly state = new CheckoutState();
  private readonly metrics: RevisionMetrics;
  private readonly trigger: SyncTrigger;
  private scheduler: RunRequester | undefined;
  private watched: { readonly path: string; readonly cwd: string } | undefined;
  private watcher: LinkWatcher | undefined;
  private watchRetry: NodeJS.Timeout | undefined;

  constructor(private readonly options: GitSyncIntegrationOptions) {
    this.metrics = new RevisionMetrics(options.registry);
    this.trigger = new SyncTrigger({
      requestRun: () => this.scheduler?.requestRun(),
      state: this.state,
      logger: options.logger,
      registry: options.registry,
      ...(options.clock ? { now: options.clock } : {}),
      ...(options.rateLimit ?? {}),
    });
  }

  /**
   * Wraps the built-in checker: one snapshot per run, the commit on each
   * result, "waiting for <path>" before git-sync's first sync.
   * `createTask(paths, revision)` builds the checker's task for the given paths (at that commit, when known).
   */
  wrapKubediffTask(paths: readonly string[], cwd: string, createTask: (paths: readonly string[], revision?: Revision) => Task): Task {
    const first = paths[0];
    if (first !== undefined) this.watched = { path: first, cwd };
    return createGitSyncTask({
      paths,
      cwd,
      createTask,
      state: this.state,
      metrics: this.metrics,
      logger: this.options.logger,
      ...(this.options.config.commitUrl ? { commitUrl: this.options.config.commitUrl } : {}),
      ...(this.options.clock ? { clock: this.options.clock } : {}),
    });
  }

  /** POST /-/sync, for git-sync's --webhook-url. */
  routes(): readonly Route[] {
    return [createSyncRoute(this.trigger)];
  }

  /** Connects the triggers to the scheduler and, with --watch, starts watching git-sync's link. */
  async start(scheduler: RunRequester): Promise<void> {
    this.scheduler = scheduler;
    if (!this.options.config.watch || this.watched === undefined) return;
    this.watcher = new LinkWatcher({
      ...this.watched,
      logger: this.options.logger,
      onChange: (hash) => this.linkChanged(hash),
    });
    await this.watcher.start();
  }

  stop(): void {
    this.watcher?.close();
    clearTimeout(this.watchRetry);
  }

  private linkChanged(hash: string | undefined): void {
    const decision = this.trigger.request('watch', hash);
    // No client retries a watch event for us: ask again when the bucket allows.
    if (decision.result === 'limited') {
      clearTimeout(this.watchRetry);
      this.watchRetry = setTimeout(() => this.linkChanged(hash), decision.retryAfterMs);
      this.watchRetry.unref();
    }
  }
}
