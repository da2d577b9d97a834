// Child processes for the deploy tests: start one, wait for what it prints,
// and stop it by its PID, always with a bound on the time spent waiting.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { constants } from 'node:os';

export interface Started {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or 128 + signal number); rejects after timeoutMs. */
  exited(timeoutMs: number): Promise<number>;
  /** SIGTERM, then SIGKILL after graceMs if it is still running. */
  stop(graceMs?: number): Promise<void>;
}

export function start(command: string, args: readonly string[], options: SpawnOptions = {}): Started {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  const exit = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
    child.on('error', () => resolve(127));
  });
  const exited = (timeoutMs: number): Promise<number> => withTimeout(exit, timeoutMs, () => `${command} did not exit within ${timeoutMs} ms; output:\n${output}`);
  return {
    child,
    output: () => output,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      try {
        await exited(graceMs);
      } catch {
        child.kill('SIGKILL');
        await exited(graceMs);
      }
    },
  };
}

/** Waits for prom-run's `{"msg":"listening","url":...}` log line and returns the URL. */
export async function waitForListening(started: Started, timeoutMs: number): Promise<string> {
  return poll(timeoutMs, 50, () => {
    for (const line of started.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
        if (entry.msg === 'listening' && typeof entry.url === 'string') return entry.url;
      } catch {
        // a partial line: read it again on the next poll
      }
    }
    if (started.child.exitCode !== null) throw new Error(`exited with ${started.child.exitCode} before listening:\n${started.output()}`);
    return undefined;
  }, () => `no "listening" log line within ${timeoutMs} ms; output:\n${started.output()}`);
}

/**
 * Calls check every intervalMs until it returns a value (not undefined), and
 * gives up after timeoutMs. An exception from check ends the wait at once.
 */
export async function poll<T>(timeoutMs: number, intervalMs: number, check: () => T | undefined | Promise<T | undefined>, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : constants.signals[signal];
}
