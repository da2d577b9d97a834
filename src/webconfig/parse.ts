// The web config file (--web.config.file) in prometheus/exporter-toolkit's
// format, read as strictly as its yaml.UnmarshalStrict does: unknown or
// duplicate keys, wrong types and unknown names are errors naming the key.
// This only checks the text; load.ts reads the files it names.
import jsyaml from 'js-yaml';
import { parseDuration } from '../config/duration.js';
import { KUBECTL_YAML_SCHEMA } from '../kubediff/manifests/yaml11.js';
import { WebConfigError } from './errors.js';
import { CLIENT_AUTH_TYPES, CONFIGURABLE_HEADERS, CURVES, TLS12_CIPHER_SUITES, TLS13_CIPHER_SUITES, TLS_VERSIONS, type ClientAuthType } from './tls-names.js';

/** PEM given in the file itself, or the path of a file holding it (relative to the config's folder). */
export type PemSource = { readonly file: string } | { readonly inline: string };

export interface TlsSpec {
  readonly cert: PemSource;
  readonly key: PemSource;
  readonly clientCa: PemSource | undefined;
  readonly clientAuth: ClientAuthType;
  /** Client certificates must name one of these (DNS, IP, e-mail or URI SAN); undefined: any. */
  readonly clientAllowedSans: readonly string[] | undefined;
  readonly minVersion: string;
  readonly maxVersion: string;
  /** Go names, TLS 1.0-1.2 suites only (TLS 1.3 names are accepted and leave TLS 1.3 as it is). */
  readonly cipherSuites: readonly string[];
  readonly curves: readonly string[];
  readonly preferServerCipherSuites: boolean;
}

export interface WebConfigSpec {
  /** undefined: the file turns no TLS setting on (plain HTTP). */
  readonly tls: TlsSpec | undefined;
  /** Accepted for compatibility; this server speaks HTTP/1.1. */
  readonly http2: boolean;
  readonly headers: Readonly<Record<string, string>>;
  /** User name -> bcrypt hash; empty: no basic authentication. */
  readonly users: ReadonlyMap<string, string>;
  /** undefined: no rate limit. */
  readonly rateLimit: { readonly intervalMs: number; readonly burst: number } | undefined;
  /** Settings that work but are likely mistakes, for the log. */
  readonly warnings: readonly string[];
}

type Obj = Record<string, unknown>;

/** Parses the file's text; throws WebConfigError naming the file and the key. */
export function parseWebConfig(file: string, text: string): WebConfigSpec {
  const fail = (key: string | undefined, reason: string): never => {
    throw new WebConfigError(file, key, `${file}: ${key === undefined ? '' : `${key}: `}${reason}`);
  };
  let document: unknown;
  try {
    document = jsyaml.load(text, { schema: KUBECTL_YAML_SCHEMA, filename: file });
  } catch (error) {
    // js-yaml's message quotes the lines around the error, which may hold a key or a hash: line and reason only.
    const { reason, mark } = error as { reason?: string; mark?: { line?: number } };
    return fail(undefined, `not valid YAML: ${reason ?? 'unreadable'}${typeof mark?.line === 'number' ? ` at line ${mark.line + 1}` : ''}`);
  }
  const warnings: string[] = [];
  const root = section(document, undefined, ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'], fail);

  const tlsSection = section(root.tls_server_config, 'tls_server_config', [
    'cert', 'key', 'client_ca', 'cert_file', 'key_file', 'client_auth_type', 'client_ca_file', 'client_allowed_sans',
    'min_version', 'max_version', 'cipher_suites', 'prefer_server_cipher_suites', 'curve_preferences',
  ], fail);
  const text_ = (key: string): string | undefined => optionalString(tlsSection[key], `tls_server_config.${key}`, fail);
  const pem = (fileKey: string, inlineKey: string): PemSource | undefined => {
    const path = text_(fileKey);
    const inline = text_(inlineKey);
    // exporter-toolkit reads the file when both are given.
    if (path && inline) warnings.push(`tls_server_config: both ${fileKey} and ${inlineKey} are set; ${fileKey} is used`);
    if (path) return { file: path };
    return inline ? { inline } : undefined;
  };
  const cert = pem('cert_file', 'cert');
  const key = pem('key_file', 'key');
  const clientCa = pem('client_ca_file', 'client_ca');
  const clientAuthText = text_('client_auth_type');
  const clientAuth = CLIENT_AUTH_TYPES[clientAuthText ?? ''];
  if (clientAuth === undefined) {
    fail('tls_server_config.client_auth_type', `unknown value \`${clientAuthText}\`; expected one of ${Object.keys(CLIENT_AUTH_TYPES).filter(Boolean).join(', ')}`);
  }
  const minVersion = oneOf(text_('min_version') ?? 'TLS12', 'tls_server_config.min_version', TLS_VERSIONS, fail);
  const maxVersion = oneOf(text_('max_version') ?? 'TLS13', 'tls_server_config.max_version', TLS_VERSIONS, fail);
  const tlsEnabled = cert !== undefined || key !== undefined || clientCa !== undefined || clientAuthText !== undefined;
  let tls: TlsSpec | undefined;
  if (tlsEnabled) {
    if (!cert) fail('tls_server_config.cert_file', 'missing: set cert_file (or cert) together with the key');
    if (!key) fail('tls_server_config.key_file', 'missing: set key_file (or key) together with the certificate');
    if (clientCa && (clientAuth === 'NoClientCert')) {
      fail('tls_server_config.client_auth_type', 'a client CA is set without a client_auth_type that asks for client certificates (use RequireAndVerifyClientCert)');
    }
    if (Object.keys(TLS_VERSIONS).indexOf(minVersion) > Object.keys(TLS_VERSIONS).indexOf(maxVersion)) {
      fail('tls_server_config.min_version', `${minVersion} is above max_version ${maxVersion}`);
    }
    const cipherSuites = stringList(tlsSection.cipher_suites, 'tls_server_config.cipher_suites', fail).map((name, index) => {
      if (!(name in TLS12_CIPHER_SUITES) && !TLS13_CIPHER_SUITES.includes(name)) {
        fail(`tls_server_config.cipher_suites[${index}]`, `unknown cipher suite \`${name}\`; expected one of ${[...Object.keys(TLS12_CIPHER_SUITES), ...TLS13_CIPHER_SUITES].join(', ')}`);
      }
      return name;
    });
    const curves = stringList(tlsSection.curve_preferences, 'tls_server_config.curve_preferences', fail).map((name, index) =>
      oneOf(name, `tls_server_config.curve_preferences[${index}]`, CURVES, fail),
    );
    const sans = tlsSection.client_allowed_sans === undefined || tlsSection.client_allowed_sans === null
      ? undefined
      : stringList(tlsSection.client_allowed_sans, 'tls_server_config.client_allowed_sans', fail);
    tls = {
      cert: cert as PemSource,
      key: key as PemSource,
      clientCa,
      clientAuth: clientAuth as ClientAuthType,
      clientAllowedSans: sans,
      minVersion,
      maxVersion,
      cipherSuites: cipherSuites.filter((name) => name in TLS12_CIPHER_SUITES),
      curves,
      preferServerCipherSuites: optionalBoolean(tlsSection.prefer_server_cipher_suites, 'tls_server_config.prefer_server_cipher_suites', fail) ?? true,
    };
    if (clientAuth === 'RequestClientCert' || clientAuth === 'RequireAnyClientCert') {
      warnings.push(`tls_server_config.client_auth_type: ${clientAuthText} does not verify client certificates; RequireAndVerifyClientCert does`);
    }
  }

  const httpSection = section(root.http_server_config, 'http_server_config', ['http2', 'headers'], fail);
  const http2 = optionalBoolean(httpSection.http2, 'http_server_config.http2', fail) ?? true;
  const headers = parseHeaders(httpSection.headers, fail);
  const users = parseUsers(root.basic_auth_users, fail, warnings);
  const rateLimit = parseRateLimit(root.rate_limit, fail);
  if (rateLimit?.burst === 0) warnings.push('rate_limit.burst is 0: every request is refused (429), as with exporter-toolkit');
  if (users.size > 0 && tls === undefined) warnings.push('basic_auth_users without tls_server_config: passwords travel in clear text');
  return { tls, http2, headers, users, rateLimit, warnings };
}

type Fail = (key: string | undefined, reason: string) => never;

function section(value: unknown, key: string | undefined, allowed: readonly string[], fail: Fail): Obj {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return fail(key, `expected a mapping, got ${describe(value)}`);
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) fail(key === undefined ? name : `${key}.${name}`, `unknown key; expected one of ${allowed.join(', ')}`);
  }
  return value as Obj;
}

function optionalString(value: unknown, key: string, fail: Fail): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return fail(key, `expected a string, got ${describe(value)}`);
  return value;
}

function optionalBoolean(value: unknown, key: string, fail: Fail): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') return fail(key, `expected true or false, got ${describe(value)}`);
  return value;
}

function stringList(value: unknown, key: string, fail: Fail): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(key, `expected a list, got ${describe(value)}`);
  return value.map((item, index) => optionalString(item, `${key}[${index}]`, fail) ?? fail(`${key}[${index}]`, 'empty'));
}

function oneOf<T>(name: string, key: string, names: Readonly<Record<string, T>>, fail: Fail): string {
  if (!Object.hasOwn(names, name)) fail(key, `unknown value \`${name}\`; expected one of ${Object.keys(names).join(', ')}`);
  return name;
}

function parseHeaders(value: unknown, fail: Fail): Record<string, string> {
  const headers = section(value, 'http_server_config.headers', Object.keys(CONFIGURABLE_HEADERS), fail);
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const key = `http_server_config.headers.${name}`;
    const text = optionalString(raw, key, fail);
    // exporter-toolkit: a blank value leaves the header unset.
    if (text === undefined) continue;
    if (/[\r\n\0]/.test(text)) fail(key, 'a header value cannot hold line breaks');
    const allowed = CONFIGURABLE_HEADERS[name];
    if (allowed && !allowed.includes(text)) fail(key, `invalid value \`${text}\`; expected one of ${allowed.join(', ')}`);
    result[name] = text;
  }
  return result;
}

// A bcrypt hash as htpasswd -B and Go's bcrypt write it: $2a$, $2b$ or $2y$, a two-digit cost, 53 characters of salt and hash.
export const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;

function parseUsers(value: unknown, fail: Fail, warnings: string[]): Map<string, string> {
  const users = new Map<string, string>();
  if (value === undefined || value === null) return users;
  if (typeof value !== 'object' || Array.isArray(value)) return fail('basic_auth_users', `expected a mapping of user names to bcrypt hashes, got ${describe(value)}`);
  for (const [user, hash] of Object.entries(value as Obj)) {
    const key = `basic_auth_users.${user}`;
    // The hash itself is never quoted in a message.
    if (typeof hash !== 'string') fail(key, `expected a bcrypt hash (htpasswd -nB ${user}), got ${describe(hash)}`);
    const cost = BCRYPT_HASH.exec(hash as string)?.[1];
    if (cost === undefined) fail(key, `not a bcrypt hash; make one with \`htpasswd -nBC 10 ${user}\` (the part after the colon)`);
    if (Number(cost) < 4 || Number(cost) > 31) fail(key, `bcrypt cost ${cost} is out of range (4 to 31)`);
    if (user.includes(':')) warnings.push(`${key}: a user name with ':' can never log in (basic authentication splits at the first ':')`);
    users.set(user, hash as string);
  }
  return users;
}

function parseRateLimit(value: unknown, fail: Fail): WebConfigSpec['rateLimit'] {
  const limit = section(value, 'rate_limit', ['interval', 'burst'], fail);
  const interval = limit.interval;
  let intervalMs = 0;
  if (typeof interval === 'string') {
    const ms = parseDuration(interval);
    if (ms === undefined || ms < 0) fail('rate_limit.interval', `expected a duration like 1s, got \`${interval}\``);
    intervalMs = ms as number;
  } else if (typeof interval === 'number' && interval >= 0) {
    // A bare number is nanoseconds to Go's YAML decoder.
    intervalMs = interval / 1e6;
  } else if (interval !== undefined && interval !== null) {
    fail('rate_limit.interval', `expected a duration like 1s, got ${describe(interval)}`);
  }
  const burst = limit.burst ?? 0;
  if (typeof burst !== 'number' || !Number.isSafeInteger(burst) || burst < 0) fail('rate_limit.burst', `expected a number of requests (0 or more), got ${describe(burst)}`);
  // As exporter-toolkit: an interval of 0 turns the limiter off.
  return intervalMs > 0 ? { intervalMs, burst: burst as number } : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  return `\`${String(value)}\``;
}
