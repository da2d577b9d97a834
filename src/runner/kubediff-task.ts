// The Task for the built-in checker: `kubediff [flags] <paths>` parsed as the
// CLI parses it, run in-process under the runner's AbortSignal, with the
// CLI's exit codes and output, plus the structured report for the page and
// the metrics. select-task.ts picks it when the command is `kubediff` or a
// path ending in `/kubediff` (as existing weaveworks/kubediff manifests run it).
import { resolve } from 'node:path';
import { runCheck } from '../kubediff/check.js';
import { STDIN_PATH } from '../kubediff/sources/index.js';
import type { ExecCredentialCache } from '../kubediff/cluster/index.js';
import { parseKubediffArgs, type KubediffConfig } from '../kubediff/config.js';
import { renderReport } from '../kubediff/output/index.js';
import type { ImageCache } from '../kubediff/images/cache.js';
import type { ImageCheckConfig } from '../kubediff/images/check-images.js';
import type { HealthMemory } from '../kubediff/health/index.js';
import type { CheckReport, Revision } from '../kubediff/result.js';
import { createSchemaCache, type SchemaCache } from '../kubediff/schema/index.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { abortedByTimeout, TIMEOUT_EXIT_CODE } from './abort-reasons.js';
import type { Task, TaskOutcome, TaskRunOptions } from './task.js';

export interface KubediffTaskOptions {
  /** The whole command: `kubediff` (or `/kubediff`) and its arguments. */
  readonly command: readonly string[];
  /** Relative paths and --kubeconfig are resolved against it (prom-run's --working-dir). */
  readonly workingDir?: string;
  readonly maxOutputBytes: number;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** Check these paths instead of the command's (the git-sync wrapper passes the resolved worktree paths). */
  readonly paths?: readonly string[];
  /** The commit the paths are at (the git-sync wrapper reads it): in the report, so every output names it as the CLI does. */
  readonly revision?: Revision;
  /** Exec plugin credentials kept across runs until they expire (one for all the runner's runs). */
  readonly execCredentials?: ExecCredentialCache;
  /** What --check-images remembers between runs; shared by every run of the runner (select-task.ts makes one). */
  readonly imageCache?: ImageCache;
  /** Health remembered across runs (since when, pod restarts); one for the life of prom-run. */
  readonly healthMemory?: HealthMemory;
}

/** Parses the arguments now (a bad flag stops prom-run at start-up, naming the flag). Throws ConfigError. */
export function createKubediffTask(options: KubediffTaskOptions): Task {
  const config = parseKubediffArgs(options.command.slice(1));
  if (config.help || config.version) {
    const flag = config.help ? '--help' : '--version';
    throw new ConfigError(flag, `kubediff ${flag} does not check anything: give paths to manifests to run the checker`);
  }
  if (config.paths.includes(STDIN_PATH)) {
    throw new ConfigError(STDIN_PATH, 'kubediff - reads manifests from standard input, which can be read only once, but prom-run checks again every period: give paths to manifests');
  }
  // OpenAPI v3 documents live as long as the task: a run reads again only those whose hash changed.
  const schemaCache = createSchemaCache();
  return {
    kind: 'kubediff',
    display: options.command.join(' '),
    run: (runOptions) => runKubediff(config, options, runOptions, schemaCache),
  };
}

/** Cuts the output to the runner's byte bound, on a character boundary, with a marker. */
function bound(text: string, maxBytes: number): { output: string; outputTruncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { output: text, outputTruncated: false };
  const marker = `\n[output cut at ${maxBytes} bytes; the full result is in the JSON]\n`;
  const kept = bytes.subarray(0, Math.max(0, maxBytes - Buffer.byteLength(marker))).toString('utf8').replace(/\uFFFD$/, '');
  return { output: kept + marker, outputTruncated: true };
}

async function runKubediff(config: KubediffConfig, options: KubediffTaskOptions, { signal }: TaskRunOptions, schemaCache: SchemaCache): Promise<TaskOutcome> {
  // Paths stay as given (they are shown and exported) unless a working directory moves their base.
  const at = (path: string): string => (options.workingDir === undefined ? path : resolve(options.workingDir, path));
  const checked = await runCheck(
    {
      paths: (options.paths ?? config.paths).map(at),
      ...(config.kubeconfig !== undefined ? { kubeconfig: at(config.kubeconfig) } : {}),
      ...(config.context !== undefined ? { context: config.context } : {}),
      ...(config.namespace !== undefined ? { namespace: config.namespace } : {}),
      ...(config.kustomizeCommand !== undefined ? { kustomizeCommand: config.kustomizeCommand } : {}),
      ...(config.render !== undefined ? { render: config.render } : {}),
      ...(config.requestTimeoutMs !== undefined ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
      ownership: { appliers: config.appliers, handEditManagers: config.handEditManagers },
      ...(config.ignoreFile !== undefined ? { ignoreFile: at(config.ignoreFile) } : {}),
      pods: config.pods,
      progressDeadlineMs: config.progressDeadlineMs,
      signal,
      env: options.env,
      homeDir: options.homeDir,
      ...(config.images ? { images: imagesAt(config.images, at) } : {}),
    },
    {
      logger: options.logger,
      schemaCache,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.execCredentials ? { execCredentials: options.execCredentials } : {}),
      ...(options.imageCache ? { imageCache: options.imageCache } : {}),
      ...(options.healthMemory ? { healthMemory: options.healthMemory } : {}),
    },
  );
  const report: CheckReport = options.revision ? { ...checked, revision: options.revision } : checked;
  if (signal.aborted) {
    // An interrupted check is incomplete: its report is not a result to show or export,
    // and its output says the run's exit code (124 on a timeout), as the metric does.
    const timedOut = abortedByTimeout(signal);
    const exitCode = timedOut ? TIMEOUT_EXIT_CODE : 1;
    return { exitCode, timedOut, ...bound(renderReport(report, config.output, { exitCode, timedOut }), options.maxOutputBytes) };
  }
  const exitCode = report.exitCode === 2 && !config.errorOnDiff ? 0 : report.exitCode;
  return { exitCode, timedOut: false, ...bound(renderReport(report, config.output, { exitCode }), options.maxOutputBytes), check: report };
}

/** The image check's files (--registry-config, --registry-ca-file) resolved as --kubeconfig is. */
function imagesAt(images: ImageCheckConfig, at: (path: string) => string): ImageCheckConfig {
  return {
    ...images,
    ...(images.registryConfig === undefined ? {} : { registryConfig: at(images.registryConfig) }),
    ...(images.caFile === undefined ? {} : { caFile: at(images.caFile) }),
  };
}
