// Chooses what prom-run runs: the built-in checker when the command is
// `kubediff` or a path ending in /kubediff (as in existing manifests:
// `prom-run -period=60s /kubediff /data/repo/k8s`), else the external command.
import { basename, resolve } from 'node:path';
import type { Logger } from '../log/logger.js';
import { createCommandTask } from './command-task.js';
import type { RunnerConfig } from './config.js';
import type { GitSyncIntegration } from '../gitsync/integration.js';
import type { Task } from './task.js';

export interface TaskDeps {
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** Wraps the built-in checker for git-sync: one snapshot per run, the commit, "waiting for <path>". */
  readonly gitSync?: GitSyncIntegration;
}

export function isBuiltinKubediff(program: string): boolean {
  return basename(program) === 'kubediff';
}

/** Throws (rejects with) ConfigError when the task's own arguments are wrong (e.g. kubediff flags). */
export async function selectTask(config: RunnerConfig, deps: TaskDeps): Promise<Task> {
  const [program, ...args] = config.command;
  if (program !== undefined && isBuiltinKubediff(program)) return createBuiltinKubediffTask(args, config, deps);
  return createCommandTask({ command: config.command, workingDir: config.workingDir, maxOutputBytes: config.maxOutputBytes });
}

/**
 * The in-process checker (src/runner/kubediff-task.ts); its arguments are parsed as the kubediff CLI parses them.
 * Imported only when used: the checker's Kubernetes client doubles prom-run's memory and start-up time, which
 * a plain command does not need.
 */
async function createBuiltinKubediffTask(args: readonly string[], config: RunnerConfig, deps: TaskDeps): Promise<Task> {
  const [{ createKubediffTask }, { parseKubediffArgs }, { ExecCredentialCache }, { checkIgnoreFileAtStart }, { ImageCache }, { createHealthMemory }] = await Promise.all([
    import('./kubediff-task.js'),
    import('../kubediff/config.js'),
    import('../kubediff/cluster/exec-cache.js'),
    import('../kubediff/ignore/startup.js'),
    import('../kubediff/images/cache.js'),
    import('../kubediff/health/index.js'),
  ]);
  const options = {
    // One for every run (git-sync makes a task per run): plugins run again only when their credential expires.
    execCredentials: new ExecCredentialCache(),
    command: config.command,
    // One for the runner's life, so --check-images asks registries only about what is due (git-sync makes a task per run).
    imageCache: new ImageCache(),
    ...(config.workingDir !== undefined ? { workingDir: config.workingDir } : {}),
    maxOutputBytes: config.maxOutputBytes,
    env: deps.env,
    homeDir: deps.homeDir,
    logger: deps.logger,
    // Outlives each run's task: the git-sync wrapper makes a new task per run.
    healthMemory: createHealthMemory(),
  };
  const task = createKubediffTask(options); // validates the arguments
  const cwd = config.workingDir ?? process.cwd();
  const { ignoreFile } = parseKubediffArgs(args);
  if (ignoreFile !== undefined) checkIgnoreFileAtStart(resolve(cwd, ignoreFile), { mayAppearLater: deps.gitSync !== undefined });
  if (!deps.gitSync) return task;
  return deps.gitSync.wrapKubediffTask(parseKubediffArgs(args).paths, cwd, (paths, revision) =>
    createKubediffTask({ ...options, paths, ...(revision ? { revision } : {}) }),
  );
}
