// The Task that runs an external command: no shell, its own process group,
// stdout and stderr captured together and bounded, exit codes as shells and
// timeout(1) report them. A command that cannot be started is an outcome
// (126/127 with a message as output), never an exception.
import { constants as osConstants } from 'node:os';
import { execa } from 'execa';
import { TIMEOUT_EXIT_CODE, abortedByTimeout } from './abort-reasons.js';
import { BoundedOutput } from './output-buffer.js';
import { groupAlive, terminateGroup } from './process-group.js';
import type { Task, TaskOutcome, TaskRunOptions } from './task.js';

export interface CommandTaskOptions {
  /** The program and its arguments. */
  readonly command: readonly string[];
  readonly workingDir?: string;
  readonly maxOutputBytes: number;
  /** Between SIGTERM and SIGKILL to the command's group; default 2 s. */
  readonly killGraceMs?: number;
  /** The command's environment; default: the runner's. */
  readonly env?: NodeJS.ProcessEnv;
}

export const NOT_EXECUTABLE_EXIT_CODE = 126;
/** After the command's exit and its group's grace period, how long its output pipes may stay open. */
const PIPE_CLOSE_MS = 1000;
const ABANDONED_MARKER = '[prom-run: stopped reading: the command exited, but a process outside its process group still holds its output open]';
export const NOT_FOUND_EXIT_CODE = 127;

export function createCommandTask(options: CommandTaskOptions): Task {
  const [file, ...args] = options.command;
  if (file === undefined) throw new TypeError('createCommandTask needs a command');
  return {
    kind: 'command',
    display: displayCommand(options.command),
    run: (runOptions) => runCommand(file, args, options, runOptions),
  };
}

async function runCommand(
  file: string,
  args: readonly string[],
  options: CommandTaskOptions,
  { signal }: TaskRunOptions,
): Promise<TaskOutcome> {
  const output = new BoundedOutput(options.maxOutputBytes);
  const graceMs = options.killGraceMs ?? 2000;
  // execa: no shell; detached makes the command a process-group leader; its own
  // buffering is off (buffer: false) because BoundedOutput keeps the bounded copy,
  // and `all` interleaves stdout and stderr in the order they arrive.
  const subprocess = execa(file, args, {
    cwd: options.workingDir,
    env: options.env,
    extendEnv: options.env === undefined,
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
    detached: true,
    stripFinalNewline: false,
  });
  subprocess.all?.on('data', (chunk: Buffer | string) => output.append(chunk));

  const pgid = subprocess.pid;
  let termination: Promise<void> | undefined;
  const terminate = (): void => {
    if (pgid !== undefined) termination ??= terminateGroup(pgid, graceMs);
  };
  signal.addEventListener('abort', terminate, { once: true });
  if (signal.aborted) terminate();
  // Processes the command left behind would hold its output open and pile up
  // from run to run: the group goes with its leader. A process that left the
  // group (setsid, a daemon) may still hold the pipes open, which would keep
  // the run going forever, timeout or not: after the grace period the runner
  // stops reading (as Go's exec.Cmd.WaitDelay does).
  let pipeTimer: NodeJS.Timeout | undefined;
  let pipesAbandoned = false;
  subprocess.once('exit', () => {
    if (pgid !== undefined && groupAlive(pgid)) terminate();
    pipeTimer = setTimeout(() => {
      pipesAbandoned = true;
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
    }, graceMs + PIPE_CLOSE_MS);
  });

  const result = await subprocess;
  clearTimeout(pipeTimer);
  signal.removeEventListener('abort', terminate);
  await termination;
  if (pipesAbandoned) output.append(`\n${ABANDONED_MARKER}\n`);

  if (result.exitCode === undefined && result.signal === undefined) {
    return spawnFailure(file, options.workingDir, result.code, result.originalMessage ?? result.shortMessage ?? 'spawn failed');
  }
  const timedOut = abortedByTimeout(signal);
  const captured = output.result();
  return {
    exitCode: timedOut ? TIMEOUT_EXIT_CODE : exitCodeOf(result.exitCode, result.signal),
    timedOut,
    output: captured.text,
    outputTruncated: captured.truncated,
  };
}

function exitCodeOf(exitCode: number | undefined, signal: string | undefined): number {
  if (exitCode !== undefined) return exitCode;
  const number = signal ? osConstants.signals[signal as NodeJS.Signals] : undefined;
  return 128 + (number ?? 0);
}

function spawnFailure(file: string, workingDir: string | undefined, code: string | undefined, message: string): TaskOutcome {
  const notFound = code === 'ENOENT';
  const reason = notFound
    ? workingDir !== undefined
      ? `not found (or the working directory ${workingDir} does not exist)`
      : 'not found'
    : code === 'EACCES'
      ? 'permission denied (not executable)'
      : message;
  return {
    exitCode: notFound ? NOT_FOUND_EXIT_CODE : NOT_EXECUTABLE_EXIT_CODE,
    timedOut: false,
    output: `prom-run: cannot run ${file}: ${reason}${code ? ` (${code})` : ''}\n`,
    outputTruncated: false,
  };
}

/** The command line as a person would type it, quoting arguments that need it. */
export function displayCommand(command: readonly string[]): string {
  return command.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replaceAll("'", `'\\''`)}'`)).join(' ');
}
