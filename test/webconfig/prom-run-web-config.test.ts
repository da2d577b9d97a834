// prom-run with --web.config.file, end to end with real parts: certificates
// made by openssl, hashes by htpasswd -B, requests by curl. Every endpoint
// asks for the password; plain HTTP gets nothing from the TLS listener;
// client certificates are required when configured; the certificate, the
// passwords and the headers follow the file while prom-run runs; nothing
// secret reaches the logs or any answer.
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { copyFileSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { curl } from '../support/curl.js';
import { fingerprintOf, htpasswd, makePki, read, type Pki } from '../support/pki.js';
import { fixture, startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';

const PASSWORD = 'correct horse battery staple';
const ENDPOINTS = ['/', '/metrics', '/api/status', '/output.txt', '/healthz', '/readyz', '/-/healthy', '/-/ready', '/no/such/page'];

/** The SHA-256 fingerprint of the certificate the server presents to a new connection. */
function servedFingerprint(url: string, ca: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: read(ca), servername: 'localhost' }, () => {
      const fingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
      socket.end();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

describe('prom-run with TLS and basic auth from --web.config.file', () => {
  let pki: Pki;
  let app: PromRunProcess;
  let dir: string;
  let hash: string;
  const writeConfig = (text: string): void => {
    // Replaced by rename, as editors and config tools do.
    writeFileSync(join(dir, 'web.yml.tmp'), text);
    renameSync(join(dir, 'web.yml.tmp'), join(dir, 'web.yml'));
  };
  const configText = (users: string) => [
    'tls_server_config:',
    '  cert_file: tls.crt',
    '  key_file: tls.key',
    'http_server_config:',
    '  headers:',
    '    X-Frame-Options: sameorigin',
    '    Strict-Transport-Security: max-age=31536000',
    `basic_auth_users:\n${users}`,
    '',
  ].join('\n');

  before(async () => {
    pki = makePki();
    dir = join(pki.dir, 'web');
    mkdirSync(dir);
    copyFileSync(pki.serverCert, join(dir, 'tls.crt'));
    copyFileSync(pki.serverKey, join(dir, 'tls.key'));
    hash = htpasswd('prometheus', PASSWORD, 6);
    writeConfig(configText(`  prometheus: ${hash}\n`));
    app = await startPromRun(['--web.config.file', join(dir, 'web.yml'), '-period=1h', '--', fixture('exit-with'), '3']);
    await waitFor(() => app.logs().some((line) => line.msg === 'run finished'), { what: 'the first run' });
  });
  after(async () => {
    await app?.stop();
    pki?.remove();
  });

  const get = (path: string, ...args: string[]) => curl(['--cacert', pki.caCert, ...args, `${app.url}${path}`]);

  test('listens on HTTPS and says so', () => {
    assert.match(app.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const loaded = app.logs().find((line) => line.msg === 'web config loaded');
    assert.deepEqual({ ...loaded, time: undefined, level: undefined, msg: undefined, certificate_not_after: undefined, certificate_sha256: undefined }, {
      time: undefined, level: undefined, msg: undefined,
      file: join(dir, 'web.yml'),
      tls: true,
      client_auth: 'NoClientCert',
      certificate_subject: 'CN=kubediff server 1',
      certificate_not_after: undefined,
      certificate_sha256: undefined,
      basic_auth_users: 1,
      headers: ['X-Frame-Options', 'Strict-Transport-Security'],
      rate_limit: 'off',
    });
  });

  test('the right password gets every endpoint, with the configured headers', async () => {
    const metrics = await get('/metrics', '-u', `prometheus:${PASSWORD}`);
    assert.equal(metrics.status, 200, metrics.stderr);
    assert.match(metrics.body, /^command_exit_code 3$/m);
    assert.match(metrics.body, /^promrun_command_exits_total\{code="3"\} 1$/m);
    assert.equal(metrics.headers['x-frame-options'], 'sameorigin', 'the configured value replaces the default DENY');
    assert.equal(metrics.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal(metrics.headers['content-security-policy']?.startsWith("default-src 'none'"), true, 'the default headers stay');
    const page = await get('/', '-u', `prometheus:${PASSWORD}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /exit-with/);
  });

  test('no credentials, a wrong password or an unknown user: 401 with a Basic challenge, on every endpoint', async () => {
    for (const path of ENDPOINTS) {
      for (const credentials of [[], ['-u', 'prometheus:wrong'], ['-u', `grafana:${PASSWORD}`], ['-H', 'Authorization: Bearer x']]) {
        const answer = await get(path, ...credentials);
        assert.equal(answer.status, 401, `${path} ${credentials.join(' ')}`);
        assert.match(answer.headers['www-authenticate'] ?? '', /^Basic realm="prom-run"/);
        assert.equal(answer.body, 'unauthorized\n');
      }
    }
    const sync = await get('/-/sync', '-X', 'POST');
    assert.equal(sync.status, 401, 'POST /-/sync too');
  });

  test('plain HTTP to the TLS listener gets no answer', async () => {
    const plain = await curl([`${app.url.replace('https:', 'http:')}/metrics`, '-u', `prometheus:${PASSWORD}`]);
    assert.equal(plain.status, 0, `no HTTP answer: ${plain.body}`);
    assert.notEqual(plain.exitCode, 0);
    assert.doesNotMatch(plain.body, /command_exit_code/);
  });

  test('a client that does not trust the certificate is refused by curl (it is not a public one)', async () => {
    const untrusting = await curl([`${app.url}/metrics`, '-u', `prometheus:${PASSWORD}`]);
    assert.equal(untrusting.exitCode, 60, untrusting.stderr);
  });

  test('a rotated certificate is served to new connections without a restart, also through a Kubernetes-style symlink swap', async () => {
    assert.equal(await servedFingerprint(app.url, pki.caCert), fingerprintOf(pki.serverCert));
    const second = pki.issueServer('second', 'kubediff server 2');
    copyFileSync(second.cert, join(dir, 'tls.crt.new'));
    copyFileSync(second.key, join(dir, 'tls.key.new'));
    renameSync(join(dir, 'tls.key.new'), join(dir, 'tls.key'));
    renameSync(join(dir, 'tls.crt.new'), join(dir, 'tls.crt'));
    await waitFor(async () => (await servedFingerprint(app.url, pki.caCert)) === fingerprintOf(second.cert), { what: 'the second certificate to be served' });
    assert.ok(app.logs().some((line) => line.msg === 'web config reloaded' && line.certificate_subject === 'CN=kubediff server 2'));
    assert.equal((await get('/metrics', '-u', `prometheus:${PASSWORD}`)).status, 200);

    // A mounted Secret: files are symlinks through ..data, which kubelet swaps by rename.
    const third = pki.issueServer('third', 'kubediff server 3');
    const mounted = join(pki.dir, 'mounted');
    mkdirSync(join(mounted, '..v1'), { recursive: true });
    copyFileSync(second.cert, join(mounted, '..v1', 'tls.crt'));
    copyFileSync(second.key, join(mounted, '..v1', 'tls.key'));
    symlinkSync('..v1', join(mounted, '..data'));
    symlinkSync('..data/tls.crt', join(mounted, 'tls.crt'));
    symlinkSync('..data/tls.key', join(mounted, 'tls.key'));
    writeConfig(configText(`  prometheus: ${hash}\n`).replace('cert_file: tls.crt', `cert_file: ${mounted}/tls.crt`).replace('key_file: tls.key', `key_file: ${mounted}/tls.key`));
    mkdirSync(join(mounted, '..v2'));
    copyFileSync(third.cert, join(mounted, '..v2', 'tls.crt'));
    copyFileSync(third.key, join(mounted, '..v2', 'tls.key'));
    symlinkSync('..v2', join(mounted, '..data_tmp'));
    renameSync(join(mounted, '..data_tmp'), join(mounted, '..data'));
    await waitFor(async () => (await servedFingerprint(app.url, pki.caCert)) === fingerprintOf(third.cert), { what: 'the third certificate to be served' });
  });

  test('a changed password applies at once; a broken file keeps the last good config in force and says so', async () => {
    const newHash = htpasswd('prometheus', 'new password', 6);
    const reloads = () => app.logs().filter((line) => line.msg === 'web config reloaded').length;
    const before = reloads();
    writeConfig(configText(`  prometheus: ${newHash}\n`));
    await waitFor(() => reloads() > before, { what: 'the new password to load' });
    assert.equal((await get('/metrics', '-u', `prometheus:${PASSWORD}`)).status, 401, 'the old password is out');
    assert.equal((await get('/metrics', '-u', 'prometheus:new password')).status, 200);

    // Only failures from here on: a rotation above may have been seen half done (new key, old certificate), refused and kept.
    const from = app.logs().length;
    writeConfig('tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: Sometimes\n');
    const failed = await waitFor(() => app.logs().slice(from).find((line) => line.msg === 'web config reload failed; the previous one stays in force'), { what: 'the failed reload' });
    assert.match(String(failed.error), /web\.yml: tls_server_config\.client_auth_type: unknown value `Sometimes`/);
    const during = await get('/metrics', '-u', 'prometheus:new password');
    assert.equal(during.status, 200, 'still protected and served as before');
    assert.match(during.body, /^kubediff_web_config_last_reload_successful 0$/m);
    assert.equal((await get('/metrics')).status, 401, 'still protected');

    writeConfig(configText(`  prometheus: ${newHash}\n`).replace('cert_file: tls.crt', `cert_file: ${join(pki.dir, 'mounted')}/tls.crt`).replace('key_file: tls.key', `key_file: ${join(pki.dir, 'mounted')}/tls.key`));
    await waitFor(async () => /^kubediff_web_config_last_reload_successful 1$/m.test((await get('/metrics', '-u', 'prometheus:new password')).body), { what: 'the reload to succeed again' });
  });

  test('no password, hash or private key in the logs', () => {
    const logs = JSON.stringify(app.logs());
    for (const secret of [PASSWORD, 'new password', hash, hash.slice(7), read(pki.serverKey).split('\n')[1] as string]) {
      assert.equal(logs.includes(secret), false, `the logs hold ${secret}`);
    }
  });
});
