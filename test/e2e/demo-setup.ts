// The demo setup for end-to-end and browser tests: the emulated API server
// with the examples applied and drifted (as `npm run demo` makes it), and
// the real prom-run (a child process) running the built-in checker on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ApiServer } from '../support/apiserver/index.js';
import { startDemoCluster, type DemoClusterOptions } from '../../scripts/demo-cluster.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoSetup {
  readonly cluster: ApiServer;
  /** prom-run's base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** prom-run's stderr so far (JSON log lines). */
  log(): string;
  stop(): Promise<void>;
}

export interface DemoSetupOptions extends DemoClusterOptions {
  /** prom-run's --period (default 1h: only the start-up run). */
  readonly period?: string;
  /** The manifests path given to kubediff (default: examples, relative to the repo). */
  readonly paths?: readonly string[];
  /** More changes to the live objects before prom-run starts. */
  readonly prepare?: (cluster: ApiServer) => void;
  /** More prom-run flags, before the command. */
  readonly promRunFlags?: readonly string[];
}

/** Resolves with check's value once it is not undefined; rejects after timeoutMs with describe(). */
export async function waitFor<T>(timeoutMs: number, check: () => Promise<T | undefined> | T | undefined, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function listeningUrl(log: string): string | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'listening' && entry.url) return entry.url;
    } catch {
      // a partial line; read again on the next poll
    }
  }
  return undefined;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts the setup and waits until the first check has finished. */
export async function startDemoSetup(options: DemoSetupOptions = {}): Promise<DemoSetup> {
  const cluster = await startDemoCluster(options);
  try {
    options.prepare?.(cluster);
  } catch (error) {
    await cluster.close();
    throw error;
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cmd/prom-run.ts', `--period=${options.period ?? '1h'}`, '--listen-addr=127.0.0.1:0', ...(options.promRunFlags ?? []), 'kubediff', '--kubeconfig', cluster.kubeconfigPath, ...(options.paths ?? ['examples'])],
    { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await cluster.close();
  };
  try {
    // Generous: loading prom-run through tsx can take tens of seconds on a loaded 2-core machine.
    const url = await waitFor(120_000, () => {
      if (child.exitCode !== null) throw new Error(`prom-run exited with ${child.exitCode}:\n${log}`);
      return listeningUrl(log);
    }, () => `prom-run did not listen:\n${log}`);
    await waitFor(120_000, async () => {
      const status = (await (await fetch(`${url}/api/status`)).json()) as { latest: unknown };
      return status.latest ? true : undefined;
    }, () => `the first check did not finish:\n${log}`);
    return { cluster, url, log: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
