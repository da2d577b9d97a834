// A set of real registries for the image tests, all on 127.0.0.1 and all
// serving the same storage: `open` (no auth; the tests push through it),
// `basic` (htpasswd, bcrypt, made with htpasswd -B), `token` (the token flow
// through our token service), `tls` (HTTPS with a test CA), and a fault proxy
// in front of `open`. Start it once per test file:
//
//   const registries = await startRegistries(dir);
//   after(() => registries.stop());
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTlsMaterial } from '../apiserver/tls.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { pushImage, type ManifestFormat } from './push.js';
import { startRegistry, type RegistryProcess } from './registry-process.js';
import { createSigningMaterial, startTokenServer, type TokenServer } from './token-server.js';

const run = promisify(execFile);

export const USERS = { alice: 'alice-PASSWORD-9f3k', bob: 'bob-PASSWORD-27xq' } as const;
/** Identity tokens (OAuth2 refresh tokens) the token service takes, and whose they are. */
export const REFRESH_TOKENS = { 'alice-REFRESH-token-5mv8': 'alice' } as const;
export const SERVICE = 'kubediff-test-registry';
export const ISSUER = 'kubediff-test-issuer';

export interface Registries {
  readonly open: RegistryProcess;
  readonly basic: RegistryProcess;
  readonly token: RegistryProcess;
  readonly tls: RegistryProcess;
  readonly tokenServer: TokenServer;
  readonly proxy: FaultProxy;
  /** The test CA's certificate file (for --registry-ca-file). */
  readonly caFile: string;
  /** Pushes through the open registry; every registry then has it. Returns the manifest digest. */
  push(repository: string, tag: string, format?: ManifestFormat): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Who may pull what from the token registry: `public/*` anyone, `team/*`
 * alice, `private/*` nobody (bob authenticates but has no access), and
 * `denied/*` is refused with 403 by the token service itself.
 */
function allows(user: string | undefined, repository: string): boolean {
  if (repository.startsWith('public/')) return true;
  if (repository.startsWith('team/')) return user === 'alice';
  return false;
}

export async function startRegistries(dir: string): Promise<Registries> {
  const htpasswd = join(dir, 'htpasswd');
  const lines = await Promise.all(Object.entries(USERS).map(async ([user, password]) => (await run('htpasswd', ['-Bbn', user, password])).stdout.trim()));
  await writeFile(htpasswd, `${lines.join('\n')}\n`);
  const signing = await createSigningMaterial(dir);
  const tokenServer = await startTokenServer({ signing, service: SERVICE, issuer: ISSUER, users: USERS, refreshTokens: REFRESH_TOKENS, allows, forbidden: (repository) => repository.startsWith('denied/') });
  await createTlsMaterial(dir); // ca.crt, server.crt, server.key for the TLS registry
  const open = await startRegistry({ dir });
  const started = await Promise.all([
    startRegistry({ dir, storage: open.storage, auth: { htpasswd } }),
    startRegistry({ dir, storage: open.storage, auth: { token: { realm: tokenServer.url, service: SERVICE, issuer: ISSUER, rootCertBundle: signing.certFile } } }),
    startRegistry({ dir, storage: open.storage, tls: { certificate: join(dir, 'server.crt'), key: join(dir, 'server.key') } }),
  ]);
  const [basic, token, tls] = started as [RegistryProcess, RegistryProcess, RegistryProcess];
  const proxy = await startFaultProxy(open.url);
  let pushes = 0;
  return {
    open, basic, token, tls, tokenServer, proxy,
    caFile: join(dir, 'ca.crt'),
    push: (repository, tag, format) => pushImage({ url: open.url, repository, tag, ...(format ? { format } : {}), content: String(pushes++) }),
    async stop() {
      await Promise.all([open.stop(), basic.stop(), token.stop(), tls.stop(), proxy.close(), tokenServer.close()]);
    },
  };
}
