// Runs the real kubectl against an emulated server, with its discovery cache
// and HOME in a temporary folder so runs never share state.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Kubectl {
  run(args: string[], options?: { kubeconfig?: string; input?: string }): Promise<KubectlResult>;
  cleanup(): Promise<void>;
}

export async function createKubectl(kubeconfig: string): Promise<Kubectl> {
  const home = await mkdtemp(join(tmpdir(), 'kubediff-kubectl-'));
  return {
    run(args, options = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          'kubectl',
          args,
          {
            env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: options.kubeconfig ?? kubeconfig, KUBECACHEDIR: join(home, 'cache') },
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
