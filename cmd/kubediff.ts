#!/usr/bin/env node
// kubediff: compares the manifests in the given paths with the live objects
// and prints the differences. Exit 0 in sync, 2 drift, 1 error (an error wins
// over drift; -e turns drift into 0, never an error).
import { readFileSync } from 'node:fs';
import { ConfigError } from '../src/errors.js';
import { kubediffUsage, parseKubediffArgs, type KubediffConfig } from '../src/kubediff/config.js';
import { escapeControl, escapeControlKeepLines } from '../src/text/control-characters.js';

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
    process.stderr.write(`kubediff: ${escapeControl(error.message)}\n\n${kubediffUsage()}`);
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
  // Loaded only now: --help and a bad flag do not pay for the checker.
  const { runCheckCommand } = await import('../src/kubediff/cli.js');
  return runCheckCommand(config, controller.signal);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kubediff: internal error: ${escapeControlKeepLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    process.exitCode = 1;
  },
);
