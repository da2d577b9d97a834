// TLS and credentials from the kubeconfig: CA data, bearer token,
// insecure-skip-tls-verify; and no credentials over plain HTTP, as kubectl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ApiServer } from '../../support/apiserver/index.js';
import { createClusterReader, loadClusterConfig, objectKey } from '../../../src/kubediff/cluster/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import { ClusterError } from '../../../src/errors.js';
import { configMap, readerFor, startServer } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'kubediff-https-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cm = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' };

function kubeconfigFile(name: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  return file;
}

describe('over HTTPS', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer({ tls: true });
    server.apply(configMap('default', 'settings'));
  });
  after(() => server.close());

  test('the CA from the kubeconfig and the bearer token are used', async () => {
    const reader = readerFor(server);
    const results = await reader.fetchObjects([cm], await reader.discover());
    assert.ok('object' in (results.get(objectKey(cm)) ?? {}));
    assert.ok(server.requestLog.entries.length > 0);
    assert.ok(server.requestLog.entries.every((e) => e.authorization === 'bearer'));
  });

  test('a wrong token fails discovery with a 401 ClusterError', async () => {
    const file = join(dir, 'wrong-token');
    await server.writeKubeconfig(file, { token: 'wrong' });
    const reader = readerFor(server, { kubeconfig: file });
    await assert.rejects(reader.discover(), (err) => err instanceof ClusterError && err.status === 401 && err.reason === 'forbidden');
  });

  test('insecure-skip-tls-verify works without a CA', async () => {
    const file = kubeconfigFile('insecure', { server: server.url, 'insecure-skip-tls-verify': true }, { token: server.token });
    const reader = readerFor(server, { kubeconfig: file });
    const results = await reader.fetchObjects([cm], await reader.discover());
    assert.ok('object' in (results.get(objectKey(cm)) ?? {}));
  });

  test('an exec credential plugin supplies the token', async () => {
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: server.token } });
    const file = kubeconfigFile(
      'exec',
      { server: server.url, 'certificate-authority-data': Buffer.from(server.caCertPem ?? '').toString('base64') },
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', `echo '${credential}'`], interactiveMode: 'Never' } },
    );
    const reader = readerFor(server, { kubeconfig: file });
    const results = await reader.fetchObjects([cm], await reader.discover());
    assert.ok('object' in (results.get(objectKey(cm)) ?? {}));
  });

  test('a failing exec credential plugin is an auth ClusterError, and no request is sent', async () => {
    const file = kubeconfigFile(
      'exec-fails',
      { server: server.url, 'certificate-authority-data': Buffer.from(server.caCertPem ?? '').toString('base64') },
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', 'echo no credentials here >&2; exit 3'], interactiveMode: 'Never' } },
    );
    server.requestLog.clear();
    const reader = readerFor(server, { kubeconfig: file });
    await assert.rejects(reader.discover(), (err) => err instanceof ClusterError && err.reason === 'auth' && /context "x"/.test(err.message));
    assert.equal(server.requestLog.count(), 0);
    assert.deepEqual(reader.requestCounts(), []);
  });

  test('an exec credential plugin that never answers does not hold the run past its abort signal', async () => {
    const file = kubeconfigFile(
      'exec-hangs',
      { server: server.url, 'certificate-authority-data': Buffer.from(server.caCertPem ?? '').toString('base64') },
      // Bounded, so the test process does not wait long for it after the run gave up;
      // the marker says the plugin ended, which must not be what ended the run.
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', `sleep 4; touch '${join(dir, 'plugin-ended')}'`], interactiveMode: 'Never' } },
    );
    const controller = new AbortController();
    const reader = readerFor(server, { kubeconfig: file, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run timed out')), 100);
    await assert.rejects(reader.discover(), (err) => err instanceof ClusterError && err.reason === 'aborted' && /run timed out/.test(err.message));
    assert.equal(existsSync(join(dir, 'plugin-ended')), false, 'the run waited for the plugin');
    reader.close();
  });

  test('a server certificate not signed by a trusted CA is a TLS ClusterError, not retried', async () => {
    const file = kubeconfigFile('untrusted', { server: server.url }, { token: server.token });
    const reader = readerFor(server, { kubeconfig: file });
    await assert.rejects(reader.discover(), (err) => {
      assert.ok(err instanceof ClusterError);
      assert.equal(err.reason, 'tls');
      assert.match(err.message, new RegExp(server.url.replace('https://', '').replace(/\./g, '\\.')));
      return true;
    });
    assert.ok(reader.requestCounts().every((c) => c.result === 'error' && c.count <= 2));
  });
});

describe('in-cluster service account', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer({ tls: true });
    server.apply(configMap('kubediff', 'settings'));
  });
  after(() => server.close());

  test('KUBERNETES_SERVICE_HOST/PORT with the mounted token, CA and namespace reach the API server', async () => {
    const sa = mkdtempSync(join(dir, 'sa-'));
    writeFileSync(join(sa, 'token'), server.token ?? '');
    writeFileSync(join(sa, 'ca.crt'), server.caCertPem ?? '');
    writeFileSync(join(sa, 'namespace'), 'kubediff');
    const url = new URL(server.url);
    const config = loadClusterConfig({
      env: { KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port },
      homeDir: join(dir, 'no-home'),
      serviceAccountDir: sa,
    });
    assert.equal(config.namespace, 'kubediff');
    const reader = createClusterReader(config, { logger: silentLogger });
    const ref = { ...cm, namespace: config.namespace };
    const results = await reader.fetchObjects([ref], await reader.discover());
    assert.ok('object' in (results.get(objectKey(ref)) ?? {}));
    reader.close();
  });
});

describe('over plain HTTP', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer();
    server.apply(configMap('default', 'settings'));
  });
  after(() => server.close());

  test('no credentials are sent, as kubectl does', async () => {
    const file = join(dir, 'http-token');
    await server.writeKubeconfig(file, { token: 'secret-token' });
    const reader = readerFor(server, { kubeconfig: file });
    const results = await reader.fetchObjects([cm], await reader.discover());
    assert.ok('object' in (results.get(objectKey(cm)) ?? {}));
    assert.ok(server.requestLog.entries.every((e) => e.authorization === 'none'));
  });
});
