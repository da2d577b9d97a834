// kubediff reads kubeconfigs itself (client-node costs more start-up time and
// memory than a whole check), so this checks that it reads them as
// @kubernetes/client-node does: for each kubeconfig below, the server,
// namespace, Authorization and impersonation headers and TLS material that
// kubediff uses are the ones client-node's applyToHTTPSOptions gives.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { loadClusterConfig } from '../../../src/kubediff/cluster/index.js';
import { resolveCredentials } from '../../../src/kubediff/cluster/credentials.js';
import { silentLogger } from '../../../src/log/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-kubeconfig-compat-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const PEM = (what: string) => `-----BEGIN ${what}-----\nMIIB${Buffer.from(what).toString('base64')}\n-----END ${what}-----\n`;
writeFileSync(join(dir, 'ca.crt'), PEM('CERTIFICATE'));
writeFileSync(join(dir, 'client.crt'), PEM('CERTIFICATE'));
writeFileSync(join(dir, 'client.key'), PEM('PRIVATE KEY'));
writeFileSync(join(dir, 'token'), 'token-from-a-file');
const b64 = (text: string) => Buffer.from(text).toString('base64');

interface Seen {
  server: string | undefined;
  namespace: string;
  authorization: string | undefined;
  impersonate: string | undefined;
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  rejectUnauthorized: boolean | undefined;
  servername: string | undefined;
}

const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : Buffer.from(value as Buffer).toString('utf8'));

async function byClientNode(file: string, context?: string): Promise<Seen> {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  if (context) kc.setCurrentContext(context);
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers = (opts.headers ?? {}) as Record<string, string | undefined>;
  return {
    server: kc.getCurrentCluster()?.server,
    namespace: kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default',
    authorization: opts.auth ? `Basic ${Buffer.from(opts.auth).toString('base64')}` : headers.Authorization,
    impersonate: headers['Impersonate-User'],
    ca: text(opts.ca),
    cert: text(opts.cert),
    key: text(opts.key),
    rejectUnauthorized: opts.rejectUnauthorized,
    servername: opts.servername,
  };
}

async function byKubediff(file: string, context?: string): Promise<Seen> {
  const config = loadClusterConfig({ kubeconfig: file, env: {}, homeDir: dir, ...(context ? { context } : {}) });
  const { headers, tls } = await resolveCredentials(config, { logger: silentLogger });
  return {
    server: config.server,
    namespace: config.namespace,
    authorization: headers.Authorization as string | undefined,
    impersonate: headers['Impersonate-User'] as string | undefined,
    ca: text(tls.ca),
    cert: text(tls.cert),
    key: text(tls.key),
    rejectUnauthorized: tls.rejectUnauthorized,
    servername: tls.servername,
  };
}

function kubeconfig(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'team' } }],
      'current-context': 'x',
      ...extra,
    }),
  );
  return file;
}

const cases: Array<[string, string, string?]> = [
  ['a bearer token', kubeconfig('token', { server: 'https://k8s.example:6443' }, { token: 'abc.def' })],
  ['a token file (absolute path)', kubeconfig('token-file', { server: 'https://k8s.example:6443' }, { 'token-file': join(dir, 'token') })],
  ['a token wins over a token file', kubeconfig('token-both', { server: 'https://k8s.example:6443' }, { token: 'inline', 'token-file': join(dir, 'token') })],
  ['basic auth', kubeconfig('basic', { server: 'https://k8s.example:6443' }, { username: 'admin', password: 's3cret:with:colons' })],
  ['basic auth wins over a token', kubeconfig('basic-token', { server: 'https://k8s.example:6443' }, { username: 'admin', password: 'pw', token: 'abc' })],
  [
    'CA, client certificate and key files, relative to the kubeconfig',
    kubeconfig('cert-files', { server: 'https://10.0.0.1', 'certificate-authority': 'ca.crt' }, { 'client-certificate': 'client.crt', 'client-key': 'client.key' }),
  ],
  [
    'CA, client certificate and key as data',
    kubeconfig('cert-data', { server: 'https://10.0.0.1', 'certificate-authority-data': b64(PEM('CA DATA')) }, { 'client-certificate-data': b64(PEM('CERT DATA')), 'client-key-data': b64(PEM('KEY DATA')) }),
  ],
  ['a CA file wins over CA data', kubeconfig('ca-both', { server: 'https://10.0.0.1', 'certificate-authority': join(dir, 'ca.crt'), 'certificate-authority-data': b64('other') }, { token: 't' })],
  ['insecure-skip-tls-verify and tls-server-name', kubeconfig('insecure', { server: 'https://10.0.0.1/', 'insecure-skip-tls-verify': true, 'tls-server-name': 'api.internal' }, { token: 't' })],
  ['insecure-skip-tls-verify given as a string is not true', kubeconfig('insecure-string', { server: 'https://10.0.0.1', 'insecure-skip-tls-verify': 'true' }, { token: 't' })],
  ['impersonation (as)', kubeconfig('impersonate', { server: 'https://10.0.0.1' }, { token: 't', as: 'jane@example.com' })],
  ['a user with nothing', kubeconfig('empty-user', { server: 'https://10.0.0.1', 'certificate-authority-data': b64('ca') }, {})],
  [
    'the context given, not the current one',
    kubeconfig('contexts', { server: 'https://10.0.0.1' }, { token: 'first' }, {
      users: [{ name: 'u', user: { token: 'first' } }, { name: 'v', user: { token: 'second' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }, { name: 'y', context: { cluster: 'c', user: 'v', namespace: 'ops' } }],
    }),
    'y',
  ],
];

describe('kubeconfigs read as client-node reads them', () => {
  for (const [what, file, context] of cases) {
    test(what, async () => {
      assert.deepEqual(await byKubediff(file, context), await byClientNode(file, context));
    });
  }
});
