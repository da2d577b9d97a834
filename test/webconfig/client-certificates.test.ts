// Client certificates with the real prom-run, curl and openssl: with
// RequireAndVerifyClientCert only a certificate from the configured CA gets
// an answer; client_allowed_sans narrows that to named clients; the policy
// follows the file when it changes; TLS versions are enforced. And a broken
// file stops prom-run at start-up, naming the file and the key.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { curl } from '../support/curl.js';
import { makePki, type Pki } from '../support/pki.js';
import { fixture, runPromRunToExit, startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';

describe('client certificates', () => {
  let pki: Pki;
  let app: PromRunProcess;
  let dir: string;
  const writeConfig = (lines: readonly string[]): void => {
    writeFileSync(join(dir, 'web.yml.tmp'), [
      'tls_server_config:',
      '  cert_file: tls.crt',
      '  key_file: tls.key',
      '  client_ca_file: ca.crt',
      ...lines,
      '',
    ].join('\n'));
    renameSync(join(dir, 'web.yml.tmp'), join(dir, 'web.yml'));
  };

  before(async () => {
    pki = makePki();
    dir = join(pki.dir, 'web');
    mkdirSync(dir);
    copyFileSync(pki.serverCert, join(dir, 'tls.crt'));
    copyFileSync(pki.serverKey, join(dir, 'tls.key'));
    copyFileSync(pki.caCert, join(dir, 'ca.crt'));
    writeConfig(['  client_auth_type: RequireAndVerifyClientCert']);
    app = await startPromRun([`--web.config.file=${join(dir, 'web.yml')}`, '-period=1h', '--', fixture('exit-with'), '0']);
  });
  after(async () => {
    await app?.stop();
    pki?.remove();
  });

  const get = (...args: string[]) => curl(['--cacert', pki.caCert, ...args, `${app.url}/metrics`]);
  const asClient = () => get('--cert', pki.clientCert, '--key', pki.clientKey);
  const asStranger = () => get('--cert', pki.strangerCert, '--key', pki.strangerKey);

  test('RequireAndVerifyClientCert: no certificate and one the CA did not sign get no answer; the CA\'s gets one', async () => {
    const none = await get();
    assert.equal(none.status, 0, 'no HTTP answer without a certificate');
    assert.notEqual(none.exitCode, 0);
    const stranger = await asStranger();
    assert.equal(stranger.status, 0, 'no HTTP answer for a self-signed certificate');
    const client = await asClient();
    assert.equal(client.status, 200, client.stderr);
    assert.match(client.body, /^command_exit_code /m);
  });

  test('client_allowed_sans: only a certificate naming an allowed SAN is served', async () => {
    const other = pki.issueClient('other-client', 'DNS:grafana.monitoring.svc,URI:spiffe://cluster.local/ns/monitoring/sa/grafana');
    writeConfig(['  client_auth_type: RequireAndVerifyClientCert', '  client_allowed_sans: [prometheus.monitoring.svc]']);
    await waitFor(async () => (await get('--cert', other.cert, '--key', other.key)).status === 0, { what: 'the SAN rule to apply' });
    assert.equal((await asClient()).status, 200);
    writeConfig(['  client_auth_type: RequireAndVerifyClientCert', '  client_allowed_sans: ["spiffe://cluster.local/ns/monitoring/sa/grafana"]']);
    await waitFor(async () => (await get('--cert', other.cert, '--key', other.key)).status === 200, { what: 'the URI SAN to be allowed' });
    assert.equal((await asClient()).status, 0);
  });

  test('the policy follows the file: VerifyClientCertIfGiven serves clients without one, refuses a bad one', async () => {
    writeConfig(['  client_auth_type: VerifyClientCertIfGiven']);
    await waitFor(async () => (await get()).status === 200, { what: 'clients without a certificate to be served' });
    assert.equal((await asClient()).status, 200);
    assert.equal((await asStranger()).status, 0, 'a certificate that does not verify is refused');
  });

  test('RequireAnyClientCert wants a certificate but does not verify it', async () => {
    writeConfig(['  client_auth_type: RequireAnyClientCert']);
    await waitFor(async () => (await get()).status === 0, { what: 'clients without a certificate to be refused' });
    assert.equal((await asStranger()).status, 200);
  });

  test('min_version TLS13 refuses a TLS 1.2 client', async () => {
    writeConfig(['  client_auth_type: RequireAndVerifyClientCert', '  min_version: TLS13']);
    await waitFor(async () => (await get('--cert', pki.clientCert, '--key', pki.clientKey, '--tls-max', '1.2')).status === 0, { what: 'TLS 1.2 to be refused' });
    assert.equal((await get('--cert', pki.clientCert, '--key', pki.clientKey, '--tlsv1.3')).status, 200);
  });
});

describe('a broken web config at start-up', () => {
  let pki: Pki;
  before(() => (pki = makePki()));
  after(() => pki?.remove());

  test('prom-run exits 1 before anything runs, naming the file and the key', async () => {
    const file = join(pki.dir, 'web.yml');
    const cases: [string, RegExp][] = [
      [`tls_server_config:\n  cert_file: ${pki.serverCert}\n  key_file: ${pki.clientKey}\n`, /: tls_server_config\.key_file: the key does not belong to the certificate/],
      [`tls_server_config:\n  cert_file: ${pki.serverCert}\n`, /: tls_server_config\.key_file: missing/],
      ['basic_auth_users:\n  prometheus: hunter2\n', /: basic_auth_users\.prometheus: not a bcrypt hash/],
      ['tls_server_confg: {}\n', /: tls_server_confg: unknown key/],
      [`tls_server_config:\n  cert_file: ${join(pki.dir, 'nope.crt')}\n  key_file: ${pki.serverKey}\n`, /: tls_server_config\.cert_file: .*nope\.crt does not exist/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(file, text);
      const result = await runPromRunToExit([`--web.config.file=${file}`, '--listen-addr=127.0.0.1:0', '--', fixture('exit-with'), '0']);
      assert.equal(result.code, 1, result.stderr);
      assert.ok(result.stderr.startsWith(`prom-run: ${file}: `), result.stderr);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /"run finished"|hunter2/);
    }
    const missing = await runPromRunToExit([`--web.config.file=${join(pki.dir, 'missing.yml')}`, '--listen-addr=127.0.0.1:0', '--', fixture('exit-with'), '0']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^prom-run: .*missing\.yml: .*missing\.yml does not exist/m);
  });

  test('an empty --web.config.file is no web config, as in exporter-toolkit', async (t) => {
    const app = await startPromRun(['--web.config.file=', '-period=1h', '--', fixture('exit-with'), '0']);
    t.after(() => app.stop());
    assert.match(app.url, /^http:\/\//);
  });
});
