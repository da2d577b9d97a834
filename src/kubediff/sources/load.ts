// Everything a check reads from git, as objects that say where they came
// from: plain files and streams, kustomizations built with kustomize, or the
// output of a --render command run in each configured folder. Problems are
// values: a file that cannot be read, a document that cannot be parsed, a
// build that fails is an error for that source, and every other source is
// still read.
import { cpus } from 'node:os';
import type { Readable } from 'node:stream';
import { displayCommand } from '../../runner/command-task.js';
import type { CheckError } from '../result.js';
import type { ManifestObject, ManifestSet } from '../manifests/types.js';
import { loadFileSource } from './file-source.js';
import { DEFAULT_KUSTOMIZE_COMMAND } from './kustomize-build.js';
import { loadKustomization } from './kustomize-source.js';
import { loadRender } from './render-source.js';
import type { SourceObjects } from './source-objects.js';
import { findSources, type FoundSource } from './walk.js';

/** A manifest file, stream or tool output larger than this is refused rather than kept in memory. */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;
/** Files read at once: enough to hide disk latency, few enough to bound memory and descriptors. */
const READ_CONCURRENCY = 16;
/** Builds and renders run at once: each is a process that mostly wants a CPU. */
const TOOL_CONCURRENCY = Math.max(1, Math.min(4, cpus().length));
const NAMES_SHOWN = 20;

export interface SourceOptions {
  readonly signal?: AbortSignal;
  /** Per file, stream or tool output. */
  readonly maxBytes?: number;
  /** Standard input, for the path `-` (the CLI passes process.stdin); without it `-` is an error. */
  readonly stdin?: () => Readable;
  /** The kustomize builder, given the folder as its last argument; default `kubectl kustomize`. */
  readonly kustomizeCommand?: readonly string[];
  /** With --render: the command run in each path, whose stdout is that path's manifests. */
  readonly render?: readonly string[];
  /** The environment of builds and renders; default: kubediff's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What each configured source gave, for the "nothing to check" message. */
export interface SourceSummary {
  readonly name: string;
  readonly kind: 'file' | 'kustomization' | 'render';
  readonly objects: number;
  readonly failed: boolean;
}

export interface LoadedSources extends ManifestSet {
  readonly summaries: readonly SourceSummary[];
}

type Planned = FoundSource | { readonly kind: 'render'; readonly dir: string };

export async function loadSources(paths: readonly string[], options: SourceOptions = {}): Promise<LoadedSources> {
  const errors: CheckError[] = [];
  const notices: string[] = [];
  let planned: Planned[];
  if (options.render) {
    planned = paths.map((dir) => ({ kind: 'render', dir }));
  } else {
    const found = await findSources(paths, options.signal);
    errors.push(...found.errors);
    notices.push(...found.notices);
    planned = [...found.sources];
  }
  const tools = createLimiter(TOOL_CONCURRENCY);
  const loaded = await mapBounded(planned, READ_CONCURRENCY, (source) =>
    source.kind === 'file' ? loadFileSource(source.path, source.explicit, fileOptions(options)) : tools(() => loadTool(source, options)),
  );
  const objects: ManifestObject[] = [];
  const summaries: SourceSummary[] = [];
  loaded.forEach((result, i) => {
    const source = planned[i] as Planned;
    objects.push(...result.objects);
    errors.push(...result.errors);
    notices.push(...result.notices);
    summaries.push({
      name: source.kind === 'file' ? source.path : source.dir,
      kind: source.kind,
      objects: result.objects.length,
      failed: result.errors.length > 0,
    });
  });
  const built = summaries.filter((summary) => summary.kind === 'kustomization' && !summary.failed).map((summary) => summary.name);
  if (built.length > 0) notices.unshift(builtNotice(built, options.kustomizeCommand ?? DEFAULT_KUSTOMIZE_COMMAND));
  return { objects, errors, notices, files: planned.length, summaries };
}

function fileOptions(options: SourceOptions) {
  return {
    maxBytes: options.maxBytes ?? MAX_SOURCE_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
  };
}

function loadTool(source: Exclude<Planned, { kind: 'file' }>, options: SourceOptions): Promise<SourceObjects> {
  const common = {
    maxOutputBytes: options.maxBytes ?? MAX_SOURCE_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.env ? { env: options.env } : {}),
  };
  if (source.kind === 'render') return loadRender(source.dir, { ...common, command: options.render ?? [] });
  return loadKustomization(source.dir, source.kustomization, { ...common, command: options.kustomizeCommand ?? DEFAULT_KUSTOMIZE_COMMAND });
}

function builtNotice(names: readonly string[], command: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
  return `built ${names.length === 1 ? 'the kustomization' : `${names.length} kustomizations`} with ${displayCommand(command)}: ${shown}${more}`;
}

/** Runs at most `limit` of the given jobs at once. */
function createLimiter(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    while (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

async function mapBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
