// `npm run demo [-- --port 9152 --period 15s]`: the emulated API server with
// the examples applied and drifted, and the real prom-run running the
// built-in checker against it. Prints the page's URL; Ctrl-C stops both.
// Needs nothing but `npm install`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startDemoCluster } from './demo-cluster.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at === -1) return fallback;
  const arg = args[at] as string;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[at + 1] ?? fallback);
}

async function main(): Promise<void> {
  const port = option('port', '9152');
  const period = option('period', '15s');
  const cluster = await startDemoCluster();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cmd/prom-run.ts', `--period=${period}`, `--listen-addr=127.0.0.1:${port}`, 'kubediff', '--kubeconfig', cluster.kubeconfigPath, 'examples'],
    { cwd: REPO, stdio: ['ignore', 'inherit', 'pipe'] },
  );
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await cluster.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  createInterface({ input: child.stderr }).on('line', (line) => {
    let entry: { level?: string; msg?: string; url?: string } = {};
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      process.stderr.write(`${line}\n`);
      return;
    }
    if (entry.msg === 'listening' && entry.url) {
      process.stdout.write(
        [
          '',
          `  kubediff demo: the page is at ${entry.url}/`,
          `  (metrics: ${entry.url}/metrics, JSON: ${entry.url}/api/status, text: ${entry.url}/output.txt)`,
          '',
          `  The emulated cluster (${cluster.url}) runs examples/ with drift: api scaled to 5,`,
          '  a hand-edited image on web, the shop-settings ConfigMap deleted. The autoscaler',
          `  scaling web is not drift. Checks run every ${period}. With kubectl installed, fix things with`,
          `    KUBECONFIG=${cluster.kubeconfigPath} kubectl -n shop scale deployment api --replicas=2`,
          '  and watch the page follow. Ctrl-C stops the demo.',
          '',
        ].join('\n'),
      );
    } else if (entry.level === 'error' || entry.level === 'warn') {
      process.stderr.write(`${line}\n`);
    }
  });
  child.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`demo: prom-run exited (${code ?? 'signal'})\n`);
      void stop(1);
    }
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
