// Starts the real prom-run (through tsx, no build needed) on 127.0.0.1:0 for
// tests, and small helpers to wait for conditions without timed assertions.
//
//   const app = await startPromRun(['-period=1s', '--', fixture('exit-with'), '3']);
//   t.after(() => app.stop());
//   await waitFor(() => app.logs().find((l) => l.msg === 'run finished'), { what: 'a run' });
//   const res = await fetch(`${app.url}/api/status`);
//
// startPromRun adds `--listen-addr=127.0.0.1:0` in front of the arguments,
// waits for the `listening` log line and returns the URL from it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PROM_RUN_ENTRY = `${REPO_ROOT}cmd/prom-run.ts`;

/** Absolute path of a program in test/fixtures/bin/. */
export function fixture(name: string): string {
  return `${REPO_ROOT}test/fixtures/bin/${name}`;
}

/** A stderr line of prom-run: its JSON log fields, or `{ raw }` for a line that is not JSON. */
export type LogLine = Record<string, unknown> & { msg?: string };

export interface PromRunProcess {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly child: ChildProcess;
  /** Every stderr line so far. */
  logs(): readonly LogLine[];
  /** Sends the signal (default SIGTERM) and waits for the exit (SIGKILL after `timeoutMs`, default 20 s). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
  /** Resolves when the process exits by itself. */
  readonly exited: Promise<ExitStatus>;
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** How long to wait for the listening line (or the exit); default 120 s (these machines can be very loaded). */
  readonly timeoutMs?: number;
}

export async function startPromRun(args: readonly string[], options: StartOptions = {}): Promise<PromRunProcess> {
  const child = spawnPromRun(['--listen-addr=127.0.0.1:0', ...args], options);
  const lines: LogLine[] = [];
  collectLines(child, lines);
  const exited = exitOf(child);
  let alive = true;
  void exited.then(() => (alive = false));
  const listening = await waitFor(() => lines.find((line) => line.msg === 'listening') ?? (alive ? undefined : 'exited'), {
    what: 'prom-run to log "listening"',
    timeoutMs: options.timeoutMs ?? 120_000,
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  if (listening === 'exited') {
    throw new Error(`prom-run exited before listening: ${lines.map((line) => JSON.stringify(line)).join('\n')}`);
  }
  return {
    url: String(listening.url),
    child,
    logs: () => lines,
    exited,
    async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
  };
}

/** Runs prom-run to its exit (for --help, --version and bad input) and returns what it printed. */
export async function runPromRunToExit(
  args: readonly string[],
  options: StartOptions = {},
): Promise<ExitStatus & { stdout: string; stderr: string }> {
  const child = spawnPromRun(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const status = await exitOf(child);
  clearTimeout(timer);
  return { ...status, stdout, stderr };
}

/**
 * Polls `probe` until it returns something other than undefined/false, and
 * returns that. Generous bounds: for conditions, not for timing.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { what, timeoutMs = 30_000, intervalMs = 50 }: { what: string; timeoutMs?: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function spawnPromRun(args: readonly string[], { env, cwd }: StartOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', PROM_RUN_ENTRY, ...args], {
    cwd: cwd ?? REPO_ROOT,
    env: env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collectLines(child: ChildProcess, lines: LogLine[]): void {
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const text = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        lines.push({ raw: text });
      }
      newline = pending.indexOf('\n');
    }
  });
  child.stdout?.resume();
}

function exitOf(child: ChildProcess): Promise<ExitStatus> {
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
}
