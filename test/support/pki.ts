// Certificates for TLS tests, made with the real openssl in a temporary
// folder: a CA, server certificates for 127.0.0.1/localhost signed by it, and
// client certificates (one from the CA, one self-signed that no CA vouches
// for). Every file is PEM; keys are unencrypted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pki {
  readonly dir: string;
  /** The CA that signs the server and the trusted client certificates. */
  readonly caCert: string;
  readonly caKey: string;
  /** A server certificate for 127.0.0.1 and localhost, and its key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** A client certificate signed by the CA (SAN DNS:prometheus.monitoring.svc). */
  readonly clientCert: string;
  readonly clientKey: string;
  /** A self-signed client certificate (SAN DNS:prometheus.monitoring.svc too). */
  readonly strangerCert: string;
  readonly strangerKey: string;
  /** Signs another server certificate (a rotation), at `prefix`.crt/.key; returns the paths. */
  issueServer(prefix: string, commonName: string): { cert: string; key: string };
  /** Signs a client certificate with the given subjectAltName (e.g. `DNS:a.example`). */
  issueClient(prefix: string, subjectAltName: string): { cert: string; key: string };
  remove(): void;
}

function openssl(args: readonly string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`openssl must be installed (Debian package openssl): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.stderr}`);
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'kubediff-pki-'));
  const path = (name: string): string => join(dir, name);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=kubediff test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', 'ca.key', '-out', 'ca.crt'], dir);

  const issue = (prefix: string, subject: string, extensions: string): { cert: string; key: string } => {
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject, '-keyout', `${prefix}.key`, '-out', `${prefix}.csr`], dir);
    writeFileSync(path(`${prefix}.ext`), extensions);
    openssl(['x509', '-req', '-in', `${prefix}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${prefix}.ext`, '-out', `${prefix}.crt`], dir);
    return { cert: path(`${prefix}.crt`), key: path(`${prefix}.key`) };
  };
  const issueServer = (prefix: string, commonName: string) =>
    issue(prefix, `/CN=${commonName}`, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  const issueClient = (prefix: string, subjectAltName: string) =>
    issue(prefix, '/CN=scraper', `subjectAltName=${subjectAltName}\nextendedKeyUsage=clientAuth\n`);

  const server = issueServer('server', 'kubediff server 1');
  const client = issueClient('client', 'DNS:prometheus.monitoring.svc');
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=stranger',
    '-addext', 'subjectAltName=DNS:prometheus.monitoring.svc', '-addext', 'extendedKeyUsage=clientAuth',
    '-keyout', 'stranger.key', '-out', 'stranger.crt'], dir);
  return {
    dir,
    caCert: path('ca.crt'),
    caKey: path('ca.key'),
    serverCert: server.cert,
    serverKey: server.key,
    clientCert: client.cert,
    clientKey: client.key,
    strangerCert: path('stranger.crt'),
    strangerKey: path('stranger.key'),
    issueServer,
    issueClient,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The SHA-256 fingerprint of a PEM certificate file, as Node prints it (AB:CD:...). */
export function fingerprintOf(certFile: string): string {
  const result = spawnSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', certFile], { encoding: 'utf8' });
  return result.stdout.trim().replace(/^.*=/, '');
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

/** A bcrypt hash as `htpasswd -nbB` makes it (the part after the colon). */
export function htpasswd(user: string, password: string, cost = 5): string {
  const result = spawnSync('htpasswd', ['-nbB', '-C', String(cost), user, password], { encoding: 'utf8' });
  if (result.error) throw new Error(`htpasswd must be installed (Debian package apache2-utils): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`htpasswd failed: ${result.stderr}`);
  return result.stdout.trim().slice(user.length + 1);
}
