// Loading a web config with real certificates made by openssl: paths from the
// config's folder, the TLS settings Node gets, a fingerprint that follows the
// files' bytes, and each broken file refused with the key that names it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebConfigError } from '../../src/webconfig/errors.js';
import { buildWebConfig, loadWebConfig, readWebConfigInputs } from '../../src/webconfig/load.js';
import { fingerprintOf, makePki, read, type Pki } from '../support/pki.js';

describe('loadWebConfig', () => {
  let pki: Pki;
  let dir: string;
  before(() => {
    pki = makePki();
    dir = join(pki.dir, 'config');
    mkdirSync(dir);
    copyFileSync(pki.serverCert, join(dir, 'tls.crt'));
    copyFileSync(pki.serverKey, join(dir, 'tls.key'));
    copyFileSync(pki.caCert, join(dir, 'ca.crt'));
  });
  after(() => pki?.remove());

  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const refusal = async (file: string): Promise<WebConfigError> => {
    const error = await loadWebConfig(file).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof WebConfigError, `refused with a WebConfigError: ${String(error)}`);
    assert.equal(error.file, file);
    return error;
  };

  test('relative paths are read from the config\'s folder; the certificate, CA and policy reach Node\'s options', async () => {
    const file = write('web.yml', [
      'tls_server_config:',
      '  cert_file: tls.crt',
      '  key_file: tls.key',
      '  client_ca_file: ca.crt',
      '  client_auth_type: RequireAndVerifyClientCert',
      '  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]',
      '  curve_preferences: [X25519, CurveP256]',
      '',
    ].join('\n'));
    const config = await loadWebConfig(file);
    assert.ok(config.tls);
    assert.equal(config.tls.context.cert, read(pki.serverCert));
    assert.equal(config.tls.context.key, read(pki.serverKey));
    assert.deepEqual(config.tls.context.ca, [read(pki.caCert).trim()]);
    assert.equal(config.tls.context.minVersion, 'TLSv1.2');
    assert.equal(config.tls.context.maxVersion, 'TLSv1.3');
    assert.equal(config.tls.context.ciphers, 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256');
    assert.equal(config.tls.context.ecdhCurve, 'X25519:P-256');
    assert.deepEqual([config.tls.requestCert, config.tls.rejectUnauthorized], [true, true]);
    assert.equal(config.tls.certificate.fingerprint256, fingerprintOf(pki.serverCert));
    assert.match(config.tls.certificate.subject, /CN=kubediff server 1/);
    assert.deepEqual(config.warnings, []);
  });

  test('the fingerprint is the same for the same bytes and changes with a certificate file', async () => {
    const file = write('fp.yml', 'tls_server_config: {cert_file: tls.crt, key_file: tls.key}\n');
    const first = await readWebConfigInputs(file);
    assert.equal((await readWebConfigInputs(file)).fingerprint, first.fingerprint);
    const rotated = pki.issueServer('rotated', 'kubediff server 2');
    copyFileSync(rotated.cert, join(dir, 'tls.crt'));
    copyFileSync(rotated.key, join(dir, 'tls.key'));
    try {
      assert.notEqual((await readWebConfigInputs(file)).fingerprint, first.fingerprint);
    } finally {
      copyFileSync(pki.serverCert, join(dir, 'tls.crt'));
      copyFileSync(pki.serverKey, join(dir, 'tls.key'));
    }
  });

  test('a certificate past its expiry loads (as in exporter-toolkit) with a warning', async () => {
    const inputs = await readWebConfigInputs(write('expired.yml', 'tls_server_config: {cert_file: tls.crt, key_file: tls.key}\n'));
    const inThreeDays = () => Date.now() + 3 * 86_400_000;
    assert.match(buildWebConfig(inputs, inThreeDays).warnings.join('\n'), /tls_server_config\.cert_file: the certificate expired on/);
  });

  test('each broken file is refused, naming the key that names it', async () => {
    write('not-a-cert.pem', 'hello\n');
    write('ca-empty.pem', '# no certificates here\n');
    copyFileSync(pki.clientKey, join(dir, 'other.key'));
    spawnSync('mkfifo', [join(dir, 'fifo.crt')]);
    const cases: [string, string | undefined, RegExp][] = [
      ['cert_file: missing.crt\n  key_file: tls.key', 'tls_server_config.cert_file', /missing\.crt does not exist/],
      ['cert_file: fifo.crt\n  key_file: tls.key', 'tls_server_config.cert_file', /fifo\.crt is not a regular file/],
      ['cert_file: not-a-cert.pem\n  key_file: tls.key', 'tls_server_config.cert_file', /not a PEM certificate/],
      ['cert_file: tls.crt\n  key_file: not-a-cert.pem', 'tls_server_config.key_file', /not a PEM private key/],
      ['cert_file: tls.crt\n  key_file: other.key', 'tls_server_config.key_file', /the key does not belong to the certificate in tls_server_config\.cert_file \(CN=kubediff server 1\)/],
      ['cert_file: tls.crt\n  key_file: tls.key\n  client_ca_file: ca-empty.pem\n  client_auth_type: RequireAndVerifyClientCert', 'tls_server_config.client_ca_file', /holds no PEM certificate/],
      ['cert: "x"\n  key_file: tls.key', 'tls_server_config.cert', /not a PEM certificate/],
    ];
    for (const [settings, key, message] of cases) {
      const file = write('broken.yml', `tls_server_config:\n  ${settings}\n`);
      const error = await refusal(file);
      assert.equal(error.key, key, error.message);
      assert.match(error.message, message);
      assert.ok(error.message.startsWith(`${file}: ${key}: `), error.message);
      assert.doesNotMatch(error.message, /PRIVATE KEY/);
    }
    const missing = await refusal(join(dir, 'nope.yml'));
    assert.equal(missing.key, undefined);
    assert.match(missing.message, /nope\.yml does not exist/);
  });
});
