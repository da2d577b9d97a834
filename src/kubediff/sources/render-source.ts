// `--render 'CMD ARGS...'`: the command runs in each configured folder (no
// shell unless the user writes `sh -c`), and what it prints on stdout is that
// folder's manifests: `helm template web ./chart -f values-prod.yaml`,
// `jsonnet`, `cdk8s synth --stdout`, or any script. Parse errors in its output
// never quote it (it may hold a Secret).
import { stat } from 'node:fs/promises';
import { decodeText } from '../../files/decode-text.js';
import { displayCommand } from '../../runner/command-task.js';
import { manifestError } from '../manifests/types.js';
import { runTool } from './run-tool.js';
import { objectsOfText, type SourceObjects } from './source-objects.js';
import { failedSaying, stderrSummary } from './tool-stderr.js';

export interface RenderOptions {
  readonly command: readonly string[];
  readonly signal?: AbortSignal;
  readonly maxOutputBytes: number;
  readonly env?: NodeJS.ProcessEnv;
}

export async function loadRender(dir: string, options: RenderOptions): Promise<SourceObjects> {
  const command = displayCommand(options.command);
  const fail = (problem: string): SourceObjects => ({ objects: [], errors: [manifestError(dir, undefined, `cannot render ${dir}: ${problem}`)], notices: [] });
  try {
    if (!(await stat(dir)).isDirectory()) return fail(`--render runs its command in folders, and ${dir} is not one`);
  } catch {
    return fail('no such folder');
  }
  const result = await runTool({
    command: options.command,
    cwd: dir,
    maxStdoutBytes: options.maxOutputBytes,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  switch (result.kind) {
    case 'aborted':
      options.signal?.throwIfAborted();
      throw new Error('the render was stopped');
    case 'not-started':
      return fail(result.reason);
    case 'too-large':
      return fail(`\`${command}\` printed more than ${options.maxOutputBytes} bytes`);
    case 'failed': {
      const how = result.exitCode !== undefined ? `exited ${result.exitCode}` : `was killed by ${result.signal ?? 'a signal'}`;
      const said = stderrSummary(result.stderr);
      return fail(`\`${command}\` ${failedSaying(how, said)}`);
    }
    case 'ok':
      break;
  }
  const decoded = decodeText(result.stdout);
  if (!decoded.ok) return fail(`what \`${command}\` printed ${decoded.problem}`);
  const objects = objectsOfText(decoded.text, decoded.text.trimStart().startsWith('{'), {
    file: dir,
    built: { label: `${dir} (render: ${command})`, build: { tool: 'render', command } },
  });
  if (objects.objects.length === 0 && objects.errors.length === 0) objects.notices.push(`\`${command}\` printed no objects in ${dir}`);
  return objects;
}
