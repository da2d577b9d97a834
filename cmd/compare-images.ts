#!/usr/bin/env node
// compare-images SOURCE TARGET: which image tags differ between two
// environments' manifests, as weaveworks' image had it (/compare-images).
import { ConfigError } from '../src/errors.js';
import { compareImagesUsage, parseCompareImagesArgs, type CompareImagesConfig } from '../src/compare-images/config.js';
import { packageVersion } from '../src/runner/version.js';
import { escapeControl, escapeControlKeepLines } from '../src/text/control-characters.js';

async function main(argv: readonly string[]): Promise<number> {
  let config: CompareImagesConfig;
  try {
    config = parseCompareImagesArgs(argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`compare-images: ${escapeControl(error.message)}\n\n${compareImagesUsage()}`);
    return 1;
  }
  if (config.help) {
    process.stdout.write(compareImagesUsage());
    return 0;
  }
  if (config.version) {
    process.stdout.write(`compare-images (kubediff) ${packageVersion()}\n`);
    return 0;
  }
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort(new Error(`interrupted by ${signal}`)));
  const { runCompareImages } = await import('../src/compare-images/run.js');
  return runCompareImages(config, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal, stdin: () => process.stdin, env: process.env });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`compare-images: internal error: ${escapeControlKeepLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    process.exitCode = 1;
  },
);
