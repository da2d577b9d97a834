// Runs the real kubectl against an emulated server, with its discovery cache
// and HOME in a temporary folder so runs never share state.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunningKubectl {
  child: ChildProcess;
  /** Resolves once stdout (so far) matches; rejects when kubectl exits first. */
  waitFor(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

export interface Kubectl {
  /** `env`: more variables for this run (EDITOR for `kubectl edit`). */
  run(args: string[], options?: { kubeconfig?: string; input?: string; env?: Record<string, string> }): Promise<KubectlResult>;
  /** Starts a long-running kubectl (e.g. `get -w`). */
  start(args: string[]): RunningKubectl;
  cleanup(): Promise<void>;
}

export async function createKubectl(kubeconfig: string): Promise<Kubectl> {
  const home = await mkdtemp(join(tmpdir(), 'kubediff-kubectl-'));
  const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(home, 'cache') };
  return {
    start(args) {
      const child = spawn('kubectl', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return {
        child,
        waitFor: (pattern) =>
          new Promise((resolve, reject) => {
            const check = (): void => {
              if (pattern.test(stdout)) {
                child.stdout.off('data', check);
                resolve(stdout);
              }
            };
            child.stdout.on('data', check);
            void exited.then(() => reject(new Error(`kubectl exited before printing ${pattern}: ${stderr}`)));
            check();
          }),
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    },
    run(args, options = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          'kubectl',
          args,
          {
            env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: options.kubeconfig ?? kubeconfig, KUBECACHEDIR: join(home, 'cache'), ...options.env },
            timeout: 60_000,
          },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
        if (options.input !== undefined) child.stdin?.end(options.input);
      });
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}
