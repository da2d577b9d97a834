// Starts Debian's docker-registry (the CNCF distribution registry) for a
// test: on 127.0.0.1 with a port the kernel picks, storage in a temporary
// folder, no notification endpoints, so nothing it does leaves loopback.
// Never the system service: the package's /etc/docker/registry/config.yml
// (:5000, /var/lib/docker-registry) is not used; our own config is passed.
//
//   const registry = await startRegistry({ dir, auth: { htpasswd: file } });
//   t.after(() => registry.stop());
//   registry.host // 127.0.0.1:40321
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export type RegistryAuth =
  | { readonly htpasswd: string }
  | { readonly token: { readonly realm: string; readonly service: string; readonly issuer: string; readonly rootCertBundle: string } };

export interface RegistryOptions {
  /** A temporary folder of the test: config and storage go under it. */
  readonly dir: string;
  readonly auth?: RegistryAuth;
  /** Serve HTTPS with this certificate and key (files). */
  readonly tls?: { readonly certificate: string; readonly key: string };
  /** Reuse another registry's storage (same images, other auth). */
  readonly storage?: string;
}

export interface RegistryProcess {
  /** 127.0.0.1:<port> */
  readonly host: string;
  /** http(s)://127.0.0.1:<port> */
  readonly url: string;
  readonly storage: string;
  /** The registry's own log lines (JSON), for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

export async function startRegistry(options: RegistryOptions): Promise<RegistryProcess> {
  const name = `registry-${Math.random().toString(36).slice(2, 8)}`;
  const storage = options.storage ?? join(options.dir, `${name}-storage`);
  await mkdir(storage, { recursive: true });
  const config = {
    version: 0.1,
    log: { level: 'info', formatter: 'json', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: storage }, delete: { enabled: true }, maintenance: { uploadpurging: { enabled: false } } },
    http: {
      addr: '127.0.0.1:0',
      secret: 'kubediff-test-not-a-secret',
      ...(options.tls ? { tls: { certificate: options.tls.certificate, key: options.tls.key } } : {}),
    },
    ...(options.auth ? { auth: authConfig(options.auth) } : {}),
  };
  const configFile = join(options.dir, `${name}.yml`);
  await writeFile(configFile, stringify(config));
  const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  let output = '';
  const port = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"msg":"listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => reject(new Error(`docker-registry (Debian package docker-registry) is needed: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`docker-registry exited ${code} before listening:\n${output}`)));
  });
  const scheme = options.tls ? 'https' : 'http';
  return {
    host: `127.0.0.1:${port}`,
    url: `${scheme}://127.0.0.1:${port}`,
    storage,
    logs: () => output,
    stop: () => stopChild(child),
  };
}

function authConfig(auth: RegistryAuth): Record<string, unknown> {
  if ('htpasswd' in auth) return { htpasswd: { realm: 'kubediff-test', path: auth.htpasswd } };
  const { realm, service, issuer, rootCertBundle } = auth.token;
  return { token: { realm, service, issuer, rootcertbundle: rootCertBundle } };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}
