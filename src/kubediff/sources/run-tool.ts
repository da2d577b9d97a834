// Runs a tool that prints manifests (kustomize, helm template, a script): no
// shell, its own process group (so its children go with it), killed with the
// group on the run's abort signal, its stdout bounded while it runs and only
// the start of its stderr kept. Every outcome is a value.
import { execa } from 'execa';
import { groupAlive, terminateGroup } from '../../runner/process-group.js';

export interface ToolOptions {
  /** The program and its arguments. */
  readonly command: readonly string[];
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  /** More stdout than this stops the tool: an error, never a truncated set of manifests. */
  readonly maxStdoutBytes: number;
  /** The tool's environment; default: kubediff's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Between SIGTERM and SIGKILL to the tool's group; default 2 s. */
  readonly killGraceMs?: number;
}

export type ToolResult =
  | { readonly kind: 'ok'; readonly stdout: Buffer; readonly stderr: string }
  | { readonly kind: 'failed'; readonly exitCode?: number; readonly signal?: string; readonly stderr: string }
  | { readonly kind: 'not-started'; readonly reason: string }
  | { readonly kind: 'too-large'; readonly stderr: string }
  /** The run's signal fired; the group was killed. */
  | { readonly kind: 'aborted' };

/** The start of stderr kept for the error message (its first lines are shown). */
const STDERR_KEPT_BYTES = 16 * 1024;
/** After the tool and its group ended, how long its pipes may stay open (a process that left the group). */
const PIPE_CLOSE_MS = 1000;

export async function runTool(options: ToolOptions): Promise<ToolResult> {
  const [file, ...args] = options.command;
  if (file === undefined) return { kind: 'not-started', reason: 'no command given' };
  const { signal } = options;
  if (signal?.aborted) return { kind: 'aborted' };
  const graceMs = options.killGraceMs ?? 2000;
  const subprocess = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: options.env === undefined,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    detached: true,
    stripFinalNewline: false,
  });

  const stdout: Buffer[] = [];
  let stdoutBytes = 0;
  let stderr = Buffer.alloc(0);
  let tooLarge = false;
  const pgid = subprocess.pid;
  let termination: Promise<void> | undefined;
  const terminate = (): void => {
    if (pgid !== undefined) termination ??= terminateGroup(pgid, graceMs);
  };

  subprocess.stdout?.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    stdoutBytes += chunk.length;
    if (stdoutBytes > options.maxStdoutBytes) {
      tooLarge = true;
      stdout.length = 0;
      terminate();
    } else {
      stdout.push(chunk);
    }
  });
  subprocess.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < STDERR_KEPT_BYTES) stderr = Buffer.concat([stderr, chunk.subarray(0, STDERR_KEPT_BYTES - stderr.length)]);
  });
  signal?.addEventListener('abort', terminate, { once: true });

  // What the tool started goes with it; a process that left the group may
  // still hold the pipes open: stop reading after a grace period.
  let pipeTimer: NodeJS.Timeout | undefined;
  subprocess.once('exit', () => {
    if (pgid !== undefined && groupAlive(pgid)) terminate();
    pipeTimer = setTimeout(() => {
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    }, graceMs + PIPE_CLOSE_MS);
  });

  const result = await subprocess;
  clearTimeout(pipeTimer);
  signal?.removeEventListener('abort', terminate);
  await termination;

  const stderrText = stderr.toString('utf8');
  if (signal?.aborted) return { kind: 'aborted' };
  if (result.exitCode === undefined && result.signal === undefined) {
    return { kind: 'not-started', reason: startFailure(file, result.code, result.originalMessage ?? result.shortMessage) };
  }
  if (tooLarge) return { kind: 'too-large', stderr: stderrText };
  if (result.exitCode !== 0) {
    return {
      kind: 'failed',
      ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
      ...(result.signal === undefined ? {} : { signal: result.signal }),
      stderr: stderrText,
    };
  }
  return { kind: 'ok', stdout: Buffer.concat(stdout, stdoutBytes), stderr: stderrText };
}

// Callers make sure the working directory exists, so ENOENT is the program.
function startFailure(file: string, code: string | undefined, message: string | undefined): string {
  if (code === 'ENOENT') return `${file}: command not found`;
  if (code === 'EACCES') return `${file}: permission denied (not executable)`;
  return `${file}: ${message ?? 'could not be started'}`;
}
