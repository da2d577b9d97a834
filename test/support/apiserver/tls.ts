// A throw-away certificate authority and server certificate for 127.0.0.1 and
// localhost (and registry.kubediff.test, the name the image tests give a
// registry reached through their proxy), made with /usr/bin/openssl (no
// binary is downloaded).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsMaterial {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

/** Writes the CA and server key pairs into `dir` and returns them as PEM text. */
export async function createTlsMaterial(dir: string): Promise<TlsMaterial> {
  const file = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '3650', '-subj', '/CN=kubediff-test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  await run('openssl', ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=kube-apiserver']);
  await writeFile(file('server.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,IP:0:0:0:0:0:0:0:1,DNS:localhost,DNS:kubernetes.default.svc,DNS:registry.kubediff.test',
    '',
  ].join('\n'));
  await run('openssl', ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('server.crt'), '-days', '3650', '-extfile', file('server.ext')]);
  const [caCertPem, certPem, keyPem] = await Promise.all(['ca.crt', 'server.crt', 'server.key'].map((name) => readFile(file(name), 'utf8')));
  return { caCertPem: caCertPem as string, certPem: certPem as string, keyPem: keyPem as string };
}
