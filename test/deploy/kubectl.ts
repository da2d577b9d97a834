// Runs the real kubectl against a kubeconfig, with a private discovery cache
// (KUBECACHEDIR) so that tests running at the same time never share one.
// Asynchronous: the emulated API server may run in this very process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Kubectl {
  run(...args: string[]): Promise<KubectlResult>;
  /** Like run, but throws with kubectl's output unless it exits 0. */
  ok(...args: string[]): Promise<string>;
  close(): void;
}

export function createKubectl(kubeconfig: string): Kubectl {
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubediff-kubectl-cache-'));
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir, HOME: cacheDir };
  const run = (...args: string[]): Promise<KubectlResult> => new Promise((resolve, reject) => {
    execFile('kubectl', args, { env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      if (status === null) reject(new Error(`kubectl ${args.join(' ')}: ${error?.message ?? 'failed'}\n${stdout}${stderr}`));
      else resolve({ status, stdout, stderr });
    });
  });
  return {
    run,
    async ok(...args) {
      const result = await run(...args);
      if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
      return result.stdout;
    },
    close() {
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
