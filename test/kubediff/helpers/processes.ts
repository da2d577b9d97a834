// Runs the real kubediff CLI (through tsx, no build needed) and real kubectl.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const KUBEDIFF_CMD = `${repoRoot}cmd/kubediff.ts`;
/** tsx for `node --import`, resolved here so the CLI can run in any working directory. */
export const TSX_IMPORT = import.meta.resolve('tsx');

export interface Ran {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runKubediff(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return startKubediff(args, env).done;
}

/** Starts the CLI; `signal()` sends it a signal, `done` resolves when it exits. */
export function startKubediff(args: readonly string[], env: NodeJS.ProcessEnv): { signal(name: NodeJS.Signals): void; done: Promise<Ran> } {
  const child = execa(process.execPath, ['--import', 'tsx', KUBEDIFF_CMD, ...args], {
    reject: false, env, extendEnv: false, cwd: repoRoot, timeout: 120_000,
  });
  return {
    signal: (name) => child.kill(name),
    done: child.then((result) => ({ exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr })),
  };
}

/** kubectl with its own kubeconfig and discovery cache; fails the test when kubectl fails. */
export async function kubectl(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await execa('kubectl', args, { reject: false, env, extendEnv: false, timeout: 60_000 });
  if (result.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}
