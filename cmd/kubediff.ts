#!/usr/bin/env node
// kubediff: compares the manifests in the given paths with the live objects
// and prints the differences. Exit 0 in sync, 2 drift, 1 error (an error wins
// over drift; -e turns drift into 0, never an error).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { ConfigError } from '../src/errors.js';
import { createJsonLogger, type Logger, type LogLevel } from '../src/log/logger.js';
import { readRevision } from '../src/gitsync/revision.js';
import { runCheck } from '../src/kubediff/check.js';
import { kubediffUsage, parseKubediffArgs, type KubediffConfig } from '../src/kubediff/config.js';
import { renderDiff, renderJson, renderLegacyJson, renderText } from '../src/kubediff/output/index.js';
import type { CheckReport } from '../src/kubediff/result.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

// stdout is the result; stderr gets only logs that say something went wrong.
function atLeast(level: LogLevel, logger: Logger): Logger {
  return { log: (l, msg, fields) => (LEVELS.indexOf(l) >= LEVELS.indexOf(level) ? logger.log(l, msg, fields) : undefined) };
}

function render(report: CheckReport, output: KubediffConfig['output']): string {
  switch (output) {
    case 'json': return renderJson(report);
    case 'legacy-json': return renderLegacyJson(report);
    case 'diff': return renderDiff(report);
    case 'text': return renderText(report);
  }
}

function version(): string {
  // From cmd/ under tsx, or from dist/cmd/ once built.
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kubediff' && pkg.version) return pkg.version;
    } catch {
      // not there: try the next place
    }
  }
  return 'unknown';
}

async function main(argv: readonly string[]): Promise<number> {
  let config: KubediffConfig;
  try {
    config = parseKubediffArgs(argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`kubediff: ${error.message}\n\n${kubediffUsage()}`);
    return 1;
  }
  if (config.help) {
    process.stdout.write(kubediffUsage());
    return 0;
  }
  if (config.version) {
    process.stdout.write(`kubediff ${version()}\n`);
    return 0;
  }

  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new Error(`interrupted by ${signal}`)));
  }
  // The commit checked, when the first path is in a git checkout; else unknown (not an error).
  const first = config.paths[0];
  const revision = first === undefined ? undefined : await readRevision(first, controller.signal);
  const checked = await runCheck(
    {
      paths: config.paths,
      ...(config.kubeconfig === undefined ? {} : { kubeconfig: config.kubeconfig }),
      ...(config.context === undefined ? {} : { context: config.context }),
      ...(config.namespace === undefined ? {} : { namespace: config.namespace }),
      signal: controller.signal,
      env: process.env,
      homeDir: homedir(),
    },
    { logger: atLeast('warn', createJsonLogger(process.stderr)) },
  );
  const report: CheckReport = revision === undefined ? checked : { ...checked, revision };
  process.stdout.write(render(report, config.output));
  if (config.output === 'diff') {
    // A diff has no place for errors: say them on stderr so they are not lost.
    for (const error of report.errors) process.stderr.write(`kubediff: error: ${error.message}\n`);
    for (const result of report.objects) if (result.error) process.stderr.write(`kubediff: error: ${result.error.message}\n`);
  }
  return report.exitCode === 2 && !config.errorOnDiff ? 0 : report.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kubediff: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
