// Client certificates from the kubeconfig (files and inline data) are presented
// to the server. The emulated API server authenticates with tokens only, so this
// uses a small HTTPS server that requires a certificate signed by its CA.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { ClusterError } from '../../../src/errors.js';
import { createClusterReader, loadClusterConfig, objectKey } from '../../../src/kubediff/cluster/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { FAST_RETRIES } from './harness.js';

const openssl = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kubediff-client-cert-'));
const file = (name: string) => join(dir, name);

async function makeCertificates(): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '2', '-subj', '/CN=test-ca']);
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [['server', '/CN=apiserver'], ['client', '/CN=kubediff-reader/O=readers']] as const) {
    await openssl('openssl', ['req', ...ec, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', subject]);
    await openssl('openssl', ['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
      '-out', file(`${name}.crt`), '-days', '2', '-extfile', file(`${name}.ext`)]);
  }
}

// Minimal legacy discovery and one ConfigMap that says who the client was.
function handler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void {
  const cn = (req.socket as TLSSocket).getPeerCertificate().subject?.CN;
  const bodies: Record<string, unknown> = {
    '/api': { kind: 'APIVersions', versions: ['v1'] },
    '/apis': { kind: 'APIGroupList', groups: [] },
    '/api/v1': { kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'] }] },
    '/api/v1/namespaces/default/configmaps/whoami': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'whoami', namespace: 'default' }, data: { user: cn } },
  };
  const body = bodies[new URL(req.url ?? '/', 'https://x').pathname];
  res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body ?? { kind: 'Status', code: 404 }));
}

function kubeconfig(name: string, server: string, user: Record<string, unknown>): string {
  const path = file(name);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority': 'ca.crt' } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  return path;
}

describe('client certificates', () => {
  let server: Server;
  let url: string;
  before(async () => {
    await makeCertificates();
    server = createServer(
      { key: readFileSync(file('server.key')), cert: readFileSync(file('server.crt')), ca: readFileSync(file('ca.crt')), requestCert: true, rejectUnauthorized: true },
      handler,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const whoami = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'whoami' };

  async function whoamiWith(path: string): Promise<unknown> {
    const reader = createClusterReader(loadClusterConfig({ kubeconfig: path, env: {}, homeDir: dir }), { logger: silentLogger, retryPolicy: FAST_RETRIES });
    try {
      const result = (await reader.fetchObjects([whoami], await reader.discover())).get(objectKey(whoami));
      assert.ok(result && 'object' in result, JSON.stringify(result));
      return (result.object.data as Record<string, unknown>).user;
    } finally {
      reader.close();
    }
  }

  test('client-certificate and client-key files (relative to the kubeconfig) are presented', async () => {
    assert.equal(await whoamiWith(kubeconfig('files', url, { 'client-certificate': 'client.crt', 'client-key': 'client.key' })), 'kubediff-reader');
  });

  test('client-certificate-data and client-key-data are presented', async () => {
    const data = (name: string) => readFileSync(file(name)).toString('base64');
    assert.equal(await whoamiWith(kubeconfig('data', url, { 'client-certificate-data': data('client.crt'), 'client-key-data': data('client.key') })), 'kubediff-reader');
  });

  test('a client certificate and key from an exec credential plugin are presented', async () => {
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { clientCertificateData: readFileSync(file('client.crt'), 'utf8'), clientKeyData: readFileSync(file('client.key'), 'utf8') },
    };
    writeFileSync(file('credential.json'), JSON.stringify(credential));
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: 'cat', args: [file('credential.json')], interactiveMode: 'Never' };
    assert.equal(await whoamiWith(kubeconfig('exec', url, { exec })), 'kubediff-reader');
  });

  test('without a client certificate the server refuses the connection: a ClusterError, not a crash', async () => {
    const reader = createClusterReader(loadClusterConfig({ kubeconfig: kubeconfig('none', url, {}), env: {}, homeDir: dir }), {
      logger: silentLogger,
      retryPolicy: FAST_RETRIES,
    });
    await assert.rejects(reader.discover(), (err) => err instanceof ClusterError && err.status === undefined);
    reader.close();
  });
});
