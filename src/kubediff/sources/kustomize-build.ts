// Builds one kustomization with kustomize (default `kubectl kustomize <dir>`,
// kubectl's embedded kustomize). To learn which file each object came from,
// kubediff builds a wrapper kustomization in a temporary folder that uses the
// user's as its only resource and adds `buildMetadata: [originAnnotations]`
// (kustomize honours buildMetadata of the top kustomization only); the
// annotations are removed again before anything is compared (origin.ts).
// When the user's kustomization asks for origin annotations itself, or the
// wrapped build fails, it is built as it is, so a failure is reported exactly
// as `kubectl kustomize <dir>` reports it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Kustomization } from './kustomization-file.js';
import { runTool, type ToolResult } from './run-tool.js';
import { failedSaying, stderrSummary } from './tool-stderr.js';

export const DEFAULT_KUSTOMIZE_COMMAND: readonly string[] = ['kubectl', 'kustomize'];

export interface KustomizeOptions {
  /** The builder; the folder is added as its last argument. */
  readonly command: readonly string[];
  readonly signal?: AbortSignal;
  readonly maxOutputBytes: number;
  readonly env?: NodeJS.ProcessEnv;
}

export type BuildResult =
  | {
      readonly ok: true;
      readonly output: Buffer;
      /** Where the output's origin annotations are relative to. */
      readonly originsRelativeTo: string;
      /** The origin annotations are kubediff's (remove them before comparing). */
      readonly ownOrigins: boolean;
    }
  | { readonly ok: false; readonly problem: string };

/** Resolves `aborted` builds by throwing the signal's reason, as every other step of a run does. */
export async function buildKustomization(dir: string, kustomization: Kustomization | undefined, options: KustomizeOptions): Promise<BuildResult> {
  const realDir = resolve(dir);
  const conceal = kustomization?.secretLiterals ?? [];
  const wrap = kustomization !== undefined && kustomization.kind === 'Kustomization' && !kustomization.declaresOrigin;
  if (wrap) {
    const wrapper = await mkdtemp(join(tmpdir(), 'kubediff-kustomize-'));
    try {
      const resource = relative(wrapper, realDir);
      await writeFile(join(wrapper, 'kustomization.yaml'), [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        `resources: [${JSON.stringify(resource)}]`,
        'buildMetadata: [originAnnotations]',
        '',
      ].join('\n'));
      const wrapped = await run(wrapper, options);
      if (wrapped.kind === 'ok') return { ok: true, output: wrapped.stdout, originsRelativeTo: wrapper, ownOrigins: true };
      if (wrapped.kind !== 'failed') return failure(dir, wrapped, options, conceal);
    } finally {
      await rm(wrapper, { recursive: true, force: true });
    }
  }
  const direct = await run(dir, options);
  if (direct.kind === 'ok') return { ok: true, output: direct.stdout, originsRelativeTo: realDir, ownOrigins: false };
  return failure(dir, direct, options, conceal);
}

function run(dir: string, options: KustomizeOptions): Promise<ToolResult> {
  return runTool({
    command: [...options.command, dir],
    maxStdoutBytes: options.maxOutputBytes,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
}

function failure(dir: string, result: Exclude<ToolResult, { kind: 'ok' }>, options: KustomizeOptions, conceal: readonly string[]): BuildResult {
  const command = [...options.command, dir].join(' ');
  switch (result.kind) {
    case 'aborted':
      options.signal?.throwIfAborted();
      throw new Error('the build was stopped');
    case 'not-started':
      return { ok: false, problem: `cannot build the kustomization ${dir}: ${result.reason} (set the builder with --kustomize-command)` };
    case 'too-large':
      return { ok: false, problem: `cannot build the kustomization ${dir}: \`${command}\` printed more than ${options.maxOutputBytes} bytes` };
    case 'failed': {
      const how = result.exitCode !== undefined ? `exited ${result.exitCode}` : `was killed by ${result.signal ?? 'a signal'}`;
      const said = stderrSummary(result.stderr, conceal);
      return { ok: false, problem: `cannot build the kustomization ${dir}: \`${command}\` ${failedSaying(how, said)}${hint(result.stderr)}` };
    }
  }
}

/** What to do about a failure people meet often, when kustomize's words alone do not say it. */
function hint(stderr: string): string {
  if (stderr.includes('must specify --enable-helm')) {
    return " (a kustomization with helmCharts: build with --kustomize-command 'kubectl kustomize --enable-helm', and helm in the image)";
  }
  return '';
}
