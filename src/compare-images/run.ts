// compare-images, once its flags are parsed: reads both manifest trees the
// way kubediff reads them (files, kustomizations built with kustomize, `-`),
// prints the comparison, and says on stderr what could not be read (exit 1
// then, the comparison still printed).
import type { Readable } from 'node:stream';
import { loadSources } from '../kubediff/sources/index.js';
import { escapeControl } from '../text/control-characters.js';
import { compareImageTags } from './compare.js';
import type { CompareImagesConfig } from './config.js';
import { columnNames, formatJson, formatTable } from './format.js';

export interface CompareImagesIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly signal?: AbortSignal;
  /** For the path `-` (the program passes process.stdin). */
  readonly stdin?: () => Readable;
  /** The environment of kustomize builds; default: compare-images' own. */
  readonly env?: NodeJS.ProcessEnv;
}

export async function runCompareImages(config: CompareImagesConfig, io: CompareImagesIo): Promise<number> {
  const options = {
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.stdin ? { stdin: io.stdin } : {}),
    ...(io.env ? { env: io.env } : {}),
    ...(config.kustomizeCommand ? { kustomizeCommand: config.kustomizeCommand } : {}),
  };
  const [source, target] = await Promise.all([loadSources([config.source], options), loadSources([config.target], options)]);
  const comparison = compareImageTags(source.objects, target.objects);
  const [sourceName, targetName] = columnNames(config.source, config.target);
  io.stdout.write(config.format === 'json' ? formatJson(comparison) : formatTable(comparison, sourceName, targetName));
  const errors = [...source.errors, ...target.errors];
  for (const error of errors) io.stderr.write(`compare-images: error: ${escapeControl(error.message)}\n`);
  for (const [side, set] of [[config.source, source], [config.target, target]] as const) {
    if (set.objects.length === 0 && set.errors.length === 0) io.stderr.write(`compare-images: notice: no objects found in ${escapeControl(side)}\n`);
  }
  return errors.length > 0 ? 1 : 0;
}
