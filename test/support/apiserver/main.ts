// `npm run apiserver -- [--port P] [--kubeconfig FILE] [--seed DIR] [--tls] [--token T] [--minor N]`:
// serves the emulated API server until SIGTERM/SIGINT and writes its kubeconfig to FILE.
import { startApiServer } from './index.js';

interface MainOptions {
  port: number;
  kubeconfig: string | undefined;
  seed: string[];
  tls: boolean;
  token: string | undefined;
  minorVersion: number | undefined;
}

function parseArgs(argv: string[]): MainOptions {
  const options: MainOptions = { port: 0, kubeconfig: undefined, seed: [], tls: false, token: undefined, minorVersion: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`Expected a value after ${flag}`);
      return v;
    };
    switch (flag.replace(/^--?/, '--')) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Expected --port to be a port number, got \`${String(argv[i])}\``);
        options.port = port;
        break;
      }
      case '--kubeconfig': options.kubeconfig = value(); break;
      case '--seed': options.seed.push(value()); break;
      case '--tls': options.tls = true; break;
      case '--token': options.token = value(); break;
      case '--minor': options.minorVersion = Number(value()); break;
      default: throw new Error(`Unknown flag ${flag}; usage: apiserver [--port P] [--kubeconfig FILE] [--seed DIR] [--tls] [--token T] [--minor N]`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const server = await startApiServer({ tls: options.tls, token: options.token, port: options.port, minorVersion: options.minorVersion });
  const seeded = await server.seedFiles(options.seed);
  const kubeconfig = options.kubeconfig ?? server.kubeconfigPath;
  if (options.kubeconfig) await server.writeKubeconfig(options.kubeconfig);
  process.stderr.write(`${JSON.stringify({ level: 'info', msg: 'listening', url: server.url, kubeconfig, seeded })}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`apiserver: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
