// A kubeconfig for the emulated server, as kubectl and client-node read it.
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  /** PEM of the CA that signed the server certificate (HTTPS); plain HTTP gets insecure-skip-tls-verify. */
  caCertPem?: string;
  token?: string;
  namespace?: string;
  contextName?: string;
}

export function renderKubeconfig(options: KubeconfigOptions): string {
  const name = options.contextName ?? 'kubediff-test';
  const cluster = options.caCertPem
    ? { server: options.server, 'certificate-authority-data': Buffer.from(options.caCertPem).toString('base64') }
    : { server: options.server, 'insecure-skip-tls-verify': true };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: options.token ? { token: options.token } : {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: options.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
