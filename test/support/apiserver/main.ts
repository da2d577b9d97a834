// `npm run apiserver -- [--port P] [--kubeconfig FILE] [--seed DIR] [--tls] [--token T] [--minor N]`:
// serves the emulated API server until SIGTERM/SIGINT and writes its kubeconfig to FILE.
import { startApiServer } from './index.js';

const USAGE = `Usage: npm run apiserver -- [flags]

Serves the emulated Kubernetes API server (tests and the demo use it) until
SIGTERM or Ctrl-C, and prints a JSON line with its URL and kubeconfig on stderr.

Flags:
  --port P           port to listen on, on 127.0.0.1 (default 0: a free one)
  --kubeconfig FILE  also write the server's kubeconfig to FILE
  --seed PATH        store the objects of the .yaml/.yml/.json files in PATH (repeatable)
  --tls              serve HTTPS with a fresh CA (in the kubeconfig) and require a bearer token
  --token T          the admin's bearer token (default: random with --tls)
  --minor N          Kubernetes minor version reported on /version (default 31)
  -h, --help         show this help
`;

class UsageError extends Error {}

interface MainOptions {
  help: boolean;
  port: number;
  kubeconfig: string | undefined;
  seed: string[];
  tls: boolean;
  token: string | undefined;
  minorVersion: number | undefined;
}

function parseArgs(argv: string[]): MainOptions {
  const options: MainOptions = { help: false, port: 0, kubeconfig: undefined, seed: [], tls: false, token: undefined, minorVersion: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`Expected a value after ${flag}`);
      return v;
    };
    switch (flag.replace(/^--?/, '--')) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Expected --port to be a port number, got \`${String(argv[i])}\``);
        options.port = port;
        break;
      }
      case '--kubeconfig': options.kubeconfig = value(); break;
      case '--seed': options.seed.push(value()); break;
      case '--tls': options.tls = true; break;
      case '--token': options.token = value(); break;
      case '--minor': {
        const minor = Number(value());
        if (!Number.isInteger(minor) || minor < 0) throw new UsageError(`Expected --minor to be a Kubernetes minor version like 31, got \`${String(argv[i])}\``);
        options.minorVersion = minor;
        break;
      }
      case '--h':
      case '--help': options.help = true; break;
      default: throw new UsageError(`Unknown flag ${flag}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
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
  if (error instanceof UsageError) process.stderr.write(`\n${USAGE}`);
  process.exit(1);
});
