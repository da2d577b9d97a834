// The web config text as exporter-toolkit reads it: defaults, every setting,
// and each mistake refused with a WebConfigError naming the file and the key,
// never quoting a hash or a key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WebConfigError } from '../../src/webconfig/errors.js';
import { parseWebConfig } from '../../src/webconfig/parse.js';

const FILE = '/etc/kubediff/web.yml';
const HASH = '$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG';

function refused(text: string): WebConfigError {
  try {
    parseWebConfig(FILE, text);
  } catch (error) {
    assert.ok(error instanceof WebConfigError, String(error));
    assert.equal(error.file, FILE);
    assert.ok(error.message.startsWith(`${FILE}: `), error.message);
    return error;
  }
  assert.fail(`accepted:\n${text}`);
}

describe('parseWebConfig', () => {
  test('an empty file (or an empty mapping) turns nothing on', () => {
    for (const text of ['', '{}\n', '# nothing\n', 'tls_server_config:\nbasic_auth_users:\n']) {
      const spec = parseWebConfig(FILE, text);
      assert.equal(spec.tls, undefined);
      assert.equal(spec.users.size, 0);
      assert.deepEqual(spec.headers, {});
      assert.equal(spec.rateLimit, undefined);
      assert.equal(spec.http2, true);
    }
  });

  test('exporter-toolkit\'s sample file', () => {
    const spec = parseWebConfig(FILE, `
tls_server_config:
  cert_file: server.crt
  key_file: server.key
basic_auth_users:
  alice: $2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze
  bob: $2y$10$hLqFl9jSjoAAy95Z/zw8Ye8wkdMBM8c5Bn1ptYqP/AXyV0.oy0S8m
rate_limit:
  interval: "1s"
  burst: 20
`);
    assert.deepEqual(spec.tls, {
      cert: { file: 'server.crt' },
      key: { file: 'server.key' },
      clientCa: undefined,
      clientAuth: 'NoClientCert',
      clientAllowedSans: undefined,
      minVersion: 'TLS12',
      maxVersion: 'TLS13',
      cipherSuites: [],
      curves: [],
      preferServerCipherSuites: true,
    });
    assert.deepEqual([...spec.users.keys()], ['alice', 'bob']);
    assert.deepEqual(spec.rateLimit, { intervalMs: 1000, burst: 20 });
    assert.deepEqual(spec.warnings, []);
  });

  test('every TLS setting, inline PEM, and Go\'s older RequireClientCert spelling', () => {
    const spec = parseWebConfig(FILE, `
tls_server_config:
  cert: "-----BEGIN CERTIFICATE-----"
  key: "-----BEGIN PRIVATE KEY-----"
  client_ca_file: ca.crt
  client_auth_type: RequireAndVerifyClientCert
  client_allowed_sans: [prometheus.monitoring.svc, 10.0.0.1]
  min_version: TLS13
  max_version: TLS13
  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256]
  curve_preferences: [X25519, CurveP256]
  prefer_server_cipher_suites: false
http_server_config:
  http2: false
  headers:
    X-Frame-Options: sameorigin
    Strict-Transport-Security: max-age=31536000
    X-XSS-Protection: ""
`);
    assert.deepEqual(spec.tls?.cert, { inline: '-----BEGIN CERTIFICATE-----' });
    assert.deepEqual(spec.tls?.clientCa, { file: 'ca.crt' });
    assert.equal(spec.tls?.clientAuth, 'RequireAndVerifyClientCert');
    assert.deepEqual(spec.tls?.clientAllowedSans, ['prometheus.monitoring.svc', '10.0.0.1']);
    assert.deepEqual([spec.tls?.minVersion, spec.tls?.maxVersion], ['TLS13', 'TLS13']);
    assert.deepEqual(spec.tls?.cipherSuites, ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'], 'TLS 1.3 suites configure nothing, as in Go');
    assert.deepEqual(spec.tls?.curves, ['X25519', 'CurveP256']);
    assert.equal(spec.tls?.preferServerCipherSuites, false);
    assert.equal(spec.http2, false);
    assert.deepEqual(spec.headers, { 'X-Frame-Options': 'sameorigin', 'Strict-Transport-Security': 'max-age=31536000' }, 'a blank header stays unset');
    assert.equal(parseWebConfig(FILE, 'tls_server_config: {cert_file: a, key_file: b, client_ca_file: c, client_auth_type: RequireClientCert}').tls?.clientAuth, 'RequireAnyClientCert');
  });

  test('TLS is on as soon as a certificate, key, CA or client_auth_type is set, as in exporter-toolkit; versions alone do not', () => {
    assert.equal(parseWebConfig(FILE, 'tls_server_config: {min_version: TLS13}').tls, undefined);
    assert.equal(refused('tls_server_config: {client_auth_type: NoClientCert}').key, 'tls_server_config.cert_file');
    assert.equal(refused('tls_server_config: {cert_file: a.crt}').key, 'tls_server_config.key_file');
    assert.equal(refused('tls_server_config: {key: "x"}').key, 'tls_server_config.cert_file');
  });

  test('both a file and inline PEM: the file is used, with a warning', () => {
    const spec = parseWebConfig(FILE, 'tls_server_config: {cert_file: a.crt, cert: "x", key_file: a.key}');
    assert.deepEqual(spec.tls?.cert, { file: 'a.crt' });
    assert.match(spec.warnings.join('\n'), /both cert_file and cert are set; cert_file is used/);
  });

  test('warnings for settings that work but are likely mistakes', () => {
    const spec = parseWebConfig(FILE, `basic_auth_users:\n  "a:b": ${HASH}\n`);
    assert.match(spec.warnings.join('\n'), /basic_auth_users\.a:b: a user name with ':' can never log in/);
    assert.match(spec.warnings.join('\n'), /passwords travel in clear text/);
    const weak = parseWebConfig(FILE, 'tls_server_config: {cert_file: a, key_file: b, client_ca_file: c, client_auth_type: RequireAnyClientCert}');
    assert.match(weak.warnings.join('\n'), /does not verify client certificates/);
    assert.match(parseWebConfig(FILE, 'rate_limit: {interval: 1s}').warnings.join('\n'), /burst is 0: every request is refused/);
  });

  test('each mistake names its key', () => {
    const cases: [string, string | undefined, RegExp][] = [
      ['tls_server_config: [a]', 'tls_server_config', /expected a mapping, got a list/],
      ['tls_server_confg: {}', 'tls_server_confg', /unknown key; expected one of tls_server_config, http_server_config/],
      ['tls_server_config: {cert_fil: a}', 'tls_server_config.cert_fil', /unknown key/],
      ['tls_server_config: {cert_file: a, key_file: b, client_auth_type: Always}', 'tls_server_config.client_auth_type', /unknown value `Always`/],
      ['tls_server_config: {cert_file: a, key_file: b, client_ca_file: c}', 'tls_server_config.client_auth_type', /client CA is set without a client_auth_type/],
      ['tls_server_config: {min_version: TLS14}', 'tls_server_config.min_version', /unknown value `TLS14`; expected one of TLS10, TLS11, TLS12, TLS13/],
      ['tls_server_config: {cert_file: a, key_file: b, min_version: TLS13, max_version: TLS12}', 'tls_server_config.min_version', /TLS13 is above max_version TLS12/],
      ['tls_server_config: {cert_file: a, key_file: b, cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]}', 'tls_server_config.cipher_suites[0]', /unknown cipher suite `TLS_RSA_WITH_RC4_128_SHA`/],
      ['tls_server_config: {cert_file: a, key_file: b, curve_preferences: [CurveP256, P-256]}', 'tls_server_config.curve_preferences[1]', /unknown value `P-256`/],
      ['tls_server_config: {cert_file: a, key_file: b, cipher_suites: TLS_AES_128_GCM_SHA256}', 'tls_server_config.cipher_suites', /expected a list/],
      ['tls_server_config: {cert_file: [a], key_file: b}', 'tls_server_config.cert_file', /expected a string, got a list/],
      ['tls_server_config: {cert_file: a, key_file: b, prefer_server_cipher_suites: maybe}', 'tls_server_config.prefer_server_cipher_suites', /expected true or false/],
      ['http_server_config: {http2: 1}', 'http_server_config.http2', /expected true or false, got `1`/],
      ['http_server_config: {headers: {Server: nginx}}', 'http_server_config.headers.Server', /unknown key/],
      ['http_server_config: {headers: {X-Frame-Options: allow}}', 'http_server_config.headers.X-Frame-Options', /invalid value `allow`; expected one of deny, sameorigin/],
      ['http_server_config: {headers: {X-Content-Type-Options: sniff}}', 'http_server_config.headers.X-Content-Type-Options', /expected one of nosniff/],
      ['basic_auth_users: [alice]', 'basic_auth_users', /expected a mapping of user names to bcrypt hashes/],
      ['basic_auth_users: {alice: secret}', 'basic_auth_users.alice', /not a bcrypt hash; make one with `htpasswd -nBC 10 alice`/],
      ['basic_auth_users: {alice: 12}', 'basic_auth_users.alice', /expected a bcrypt hash/],
      ['basic_auth_users: {alice: "$2y$03$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"}', 'basic_auth_users.alice', /bcrypt cost 03 is out of range/],
      ['basic_auth_users: {alice: "$1$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG"}', 'basic_auth_users.alice', /not a bcrypt hash/],
      ['rate_limit: {interval: soon, burst: 1}', 'rate_limit.interval', /expected a duration like 1s/],
      ['rate_limit: {interval: 1s, burst: -1}', 'rate_limit.burst', /expected a number of requests/],
      ['rate_limit: {interval: 1s, burst: 2, every: 3}', 'rate_limit.every', /unknown key/],
      ['tls_server_config:\n  cert_file: a\n  cert_file: b\n', undefined, /not valid YAML: duplicated mapping key at line 3/],
      ['a: [', undefined, /not valid YAML/],
      ['- just\n- a list\n', undefined, /expected a mapping, got a list/],
    ];
    for (const [text, key, message] of cases) {
      const error = refused(text);
      assert.equal(error.key, key, `${text} -> ${error.message}`);
      assert.match(error.message, message);
    }
  });

  test('messages never quote a hash or inline key material', () => {
    const secretHash = '$2y$10$SECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRETSECRE';
    for (const text of [
      `basic_auth_users:\n  alice: "${secretHash}x"\n`,
      `basic_auth_users:\n  alice: "${secretHash}"\n  alice: "${secretHash}"\n`,
      'tls_server_config:\n  key: "-----BEGIN PRIVATE KEY-----SECRETSECRET\n  cert: [\n',
    ]) {
      assert.doesNotMatch(refused(text).message, /SECRET/);
    }
  });

  test('YAML 1.1 as Go reads it: yes/no are booleans; a duration may be a number of nanoseconds', () => {
    assert.equal(parseWebConfig(FILE, 'http_server_config: {http2: no}').http2, false);
    assert.deepEqual(parseWebConfig(FILE, 'rate_limit: {interval: 500000000, burst: 3}').rateLimit, { intervalMs: 500, burst: 3 });
    assert.equal(parseWebConfig(FILE, 'rate_limit: {interval: 0, burst: 3}').rateLimit, undefined, 'an interval of 0 turns the limiter off');
  });
});
