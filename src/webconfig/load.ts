// Loads the web config: reads the file and the certificate, key and CA files
// it names (bounded, regular files only; relative paths from the config's
// folder, as exporter-toolkit has them), checks that they are usable
// together, and returns an immutable WebConfig. Reading is split from
// checking so that the reloader can tell cheaply whether anything changed.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { FileReadError, readBoundedFile } from '../files/read-bounded.js';
import { WebConfigError } from './errors.js';
import { parseWebConfig, type PemSource, type TlsSpec, type WebConfigSpec } from './parse.js';
import { CURVES, TLS12_CIPHER_SUITES, TLS13_CIPHER_SUITES, TLS_VERSIONS, type ClientAuthType } from './tls-names.js';

/** Config files and PEM files are small; anything bigger is a mistake. */
const MAX_FILE_BYTES = 1024 * 1024;

export interface TlsSettings {
  /** For tls.Server#setSecureContext and createServer. */
  readonly context: SecureContextOptions;
  readonly clientAuth: ClientAuthType;
  /** Ask clients for a certificate in the handshake. */
  readonly requestCert: boolean;
  /** Let Node refuse a handshake without a valid client certificate (RequireAndVerifyClientCert). */
  readonly rejectUnauthorized: boolean;
  readonly clientAllowedSans: readonly string[] | undefined;
  /** The serving certificate, for logs: subject, expiry and SHA-256 fingerprint. */
  readonly certificate: { readonly subject: string; readonly validTo: string; readonly fingerprint256: string };
}

export interface WebConfig extends Omit<WebConfigSpec, 'tls'> {
  readonly file: string;
  /** SHA-256 over the config and every file it names: equal fingerprints, equal configs. */
  readonly fingerprint: string;
  readonly tls: TlsSettings | undefined;
}

/** What was read: the parsed text and the bytes of the files it names. */
export interface WebConfigInputs {
  readonly file: string;
  readonly spec: WebConfigSpec;
  readonly files: ReadonlyMap<string, Buffer>;
  readonly fingerprint: string;
}

/** Reads, parses and checks the file; throws WebConfigError naming the file and the key. */
export async function loadWebConfig(file: string, signal?: AbortSignal): Promise<WebConfig> {
  return buildWebConfig(await readWebConfigInputs(file, signal));
}

export async function readWebConfigInputs(file: string, signal?: AbortSignal): Promise<WebConfigInputs> {
  const text = await read(file, file, undefined, signal);
  const spec = parseWebConfig(file, text.toString('utf8'));
  const files = new Map<string, Buffer>();
  const hash = createHash('sha256').update(text);
  if (spec.tls) {
    const sources: [string, PemSource | undefined][] = [
      ['tls_server_config.cert_file', spec.tls.cert],
      ['tls_server_config.key_file', spec.tls.key],
      ['tls_server_config.client_ca_file', spec.tls.clientCa],
    ];
    for (const [key, source] of sources) {
      if (!source || !('file' in source)) continue;
      const path = resolve(dirname(file), source.file);
      const bytes = await read(file, path, key, signal);
      files.set(path, bytes);
      hash.update(`\0${path}\0`).update(bytes);
    }
  }
  return { file, spec, files, fingerprint: hash.digest('hex') };
}

/** Checks that the certificate, key and CA are usable and builds the settings; throws WebConfigError. */
export function buildWebConfig(inputs: WebConfigInputs, now: () => number = Date.now): WebConfig {
  const { spec, file } = inputs;
  const warnings = [...spec.warnings];
  const tls = spec.tls ? tlsSettings(inputs, spec.tls, warnings, now) : undefined;
  return Object.freeze({ ...spec, warnings, file, fingerprint: inputs.fingerprint, tls });
}

function tlsSettings(inputs: WebConfigInputs, spec: TlsSpec, warnings: string[], now: () => number): TlsSettings {
  const fail = (key: string, reason: string, cause?: unknown): never => {
    throw new WebConfigError(inputs.file, key, `${inputs.file}: ${key}: ${reason}`, { cause });
  };
  const pem = (source: PemSource): string => ('file' in source ? (inputs.files.get(resolve(dirname(inputs.file), source.file)) ?? Buffer.alloc(0)).toString('utf8') : source.inline);
  const keyName = (source: PemSource, fileKey: string, inlineKey: string): string => `tls_server_config.${'file' in source ? fileKey : inlineKey}`;
  const certKey = keyName(spec.cert, 'cert_file', 'cert');
  const keyKey = keyName(spec.key, 'key_file', 'key');

  const cert = pem(spec.cert);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (error) {
    return fail(certKey, 'not a PEM certificate', error);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(pem(spec.key));
  } catch (error) {
    // OpenSSL's reason only: the key itself is never quoted.
    return fail(keyKey, 'not a PEM private key (unencrypted)', error);
  }
  if (!leaf.checkPrivateKey(privateKey)) fail(keyKey, `the key does not belong to the certificate in ${certKey} (${leaf.subject.replace(/\n/g, ', ')})`);
  if (Date.parse(leaf.validTo) < now()) warnings.push(`${certKey}: the certificate expired on ${leaf.validTo}`);

  let ca: string[] | undefined;
  if (spec.clientCa) {
    const caKey = keyName(spec.clientCa, 'client_ca_file', 'client_ca');
    ca = pem(spec.clientCa).match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    if (ca.length === 0) fail(caKey, 'holds no PEM certificate');
    for (const [index, block] of ca.entries()) {
      try {
        new X509Certificate(block);
      } catch (error) {
        fail(caKey, `certificate ${index + 1} cannot be read`, error);
      }
    }
  }

  const tls12 = spec.cipherSuites.map((name) => TLS12_CIPHER_SUITES[name] as string);
  const context: SecureContextOptions = {
    cert,
    key: pem(spec.key),
    ca,
    minVersion: TLS_VERSIONS[spec.minVersion],
    maxVersion: TLS_VERSIONS[spec.maxVersion],
    // TLS 1.3 suites are not configurable in exporter-toolkit (Go): they stay as they are.
    ciphers: tls12.length > 0 ? [...TLS13_CIPHER_SUITES, ...tls12].join(':') : undefined,
    ecdhCurve: spec.curves.length > 0 ? spec.curves.map((name) => CURVES[name]).join(':') : undefined,
    honorCipherOrder: spec.preferServerCipherSuites,
  };
  try {
    createSecureContext(context);
  } catch (error) {
    const key = /cipher/i.test(String(error)) ? 'tls_server_config.cipher_suites' : /curve|group/i.test(String(error)) ? 'tls_server_config.curve_preferences' : certKey;
    fail(key, `cannot be used: ${(error as Error).message}`, error);
  }
  return {
    context,
    clientAuth: spec.clientAuth,
    requestCert: spec.clientAuth !== 'NoClientCert',
    rejectUnauthorized: spec.clientAuth === 'RequireAndVerifyClientCert',
    clientAllowedSans: spec.clientAllowedSans,
    certificate: { subject: leaf.subject.replace(/\n/g, ', '), validTo: leaf.validTo, fingerprint256: leaf.fingerprint256 },
  };
}

async function read(file: string, path: string, key: string | undefined, signal: AbortSignal | undefined): Promise<Buffer> {
  try {
    return await readBoundedFile(path, { maxBytes: MAX_FILE_BYTES, signal });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    const prefix = key === undefined ? '' : `${key}: `;
    throw new WebConfigError(file, key, `${file}: ${prefix}${error.message}`, { cause: error });
  }
}
