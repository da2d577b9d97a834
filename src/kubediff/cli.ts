// The one-shot check of the kubediff command, once its flags are parsed:
// loaded by cmd/kubediff.ts only when there is something to check, so that
// --help and a bad flag do not pay for loading the checker.
import { homedir } from 'node:os';
import { createJsonLogger, type Logger, type LogLevel } from '../log/logger.js';
import { readRevision } from '../gitsync/revision.js';
import { runCheck } from './check.js';
import type { KubediffConfig } from './config.js';
import { formatError, renderReport } from './output/index.js';
import type { CheckReport } from './result.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

// stdout is the result; stderr gets only logs that say something went wrong.
function atLeast(level: LogLevel, logger: Logger): Logger {
  return { log: (l, msg, fields) => (LEVELS.indexOf(l) >= LEVELS.indexOf(level) ? logger.log(l, msg, fields) : undefined) };
}

/** Runs the check, writes the result, and returns the exit code. */
export async function runCheckCommand(config: KubediffConfig, signal: AbortSignal): Promise<number> {
  // The commit checked, when the first path is in a git checkout; else unknown
  // (not an error). Read while the check runs: git is a process of its own.
  const first = config.paths.find((path) => path !== '-');
  const reading = first === undefined ? Promise.resolve(undefined) : readRevision(first, signal);
  const checked = await runCheck(
    {
      paths: config.paths,
      ...(config.kubeconfig === undefined ? {} : { kubeconfig: config.kubeconfig }),
      ...(config.context === undefined ? {} : { context: config.context }),
      ...(config.namespace === undefined ? {} : { namespace: config.namespace }),
      ...(config.kustomizeCommand === undefined ? {} : { kustomizeCommand: config.kustomizeCommand }),
      ...(config.render === undefined ? {} : { render: config.render }),
      ...(config.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: config.requestTimeoutMs }),
      ownership: { appliers: config.appliers, handEditManagers: config.handEditManagers },
      ...(config.ignoreFile === undefined ? {} : { ignoreFile: config.ignoreFile }),
      pods: config.pods,
      progressDeadlineMs: config.progressDeadlineMs,
      signal,
      stdin: () => process.stdin,
      env: process.env,
      homeDir: homedir(),
      terminal: process.stdin.isTTY === true,
      ...(config.images ? { images: config.images } : {}),
    },
    { logger: atLeast('warn', createJsonLogger(process.stderr)) },
  );
  const revision = await reading;
  const report: CheckReport = revision === undefined ? checked : { ...checked, revision };
  const exitCode = report.exitCode === 2 && !config.errorOnDiff ? 0 : report.exitCode;
  process.stdout.write(renderReport(report, config.output, { exitCode }));
  if (config.output === 'diff') {
    // A diff has no place for errors: say them on stderr so they are not lost, naming object and file as the text output does.
    for (const error of report.errors) process.stderr.write(`kubediff: error: ${formatError(error)}\n`);
    for (const result of report.objects) if (result.error) process.stderr.write(`kubediff: error: ${formatError(result.error, result)}\n`);
  }
  return exitCode;
}
