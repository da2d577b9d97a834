// The way in to @kubernetes/client-node, loaded only for what kubediff does
// not do itself: legacy auth providers (oidc, gcp, azure) and proxy-url
// (HTTP and SOCKS proxy agents). Loading it costs about as much as the rest
// of a check, so nothing else imports it. Files are read by us, bounded, and
// handed over as data; exec plugins are run by us (exec-credential.ts).
import type http from 'node:http';
import type https from 'node:https';
import type { Credentials, TlsOptions } from './credentials.js';
import { bearerToken, impersonationHeaders } from './credentials.js';
import type { ClusterConfig } from './kubeconfig.js';

/** `execToken`: a token an exec plugin gave (kubediff runs plugins itself). */
export async function clientNodeCredentials(config: ClusterConfig, tls: TlsOptions, execToken: string | undefined): Promise<Omit<Credentials, 'rejected'>> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { cluster } = config;
  // Without a user client-node applies no TLS settings at all: give it an empty one.
  const user = config.user ?? { name: 'kubediff-no-user' };
  const token = (config.user ? bearerToken(config.user) : '') || execToken;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.server,
        skipTLSVerify: cluster.skipTLSVerify,
        ...(tls.ca ? { caData: tls.ca.toString('base64') } : {}),
        ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
        ...(cluster.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
      },
    ],
    users: [
      {
        name: user.name,
        ...(token ? { token } : {}),
        ...(tls.cert ? { certData: Buffer.from(tls.cert).toString('base64') } : {}),
        ...(tls.key ? { keyData: Buffer.from(tls.key).toString('base64') } : {}),
        ...(config.user?.username ? { username: config.user.username, password: config.user.password ?? '' } : {}),
        ...(config.user?.authProvider ? { authProvider: { name: config.user.authProvider.name, config: { ...config.user.authProvider.config } } } : {}),
      },
    ],
    contexts: [{ name: config.contextName, cluster: cluster.name, user: user.name }],
    currentContext: config.contextName,
  });
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string | string[]> = config.user ? impersonationHeaders(config.user) : {};
  for (const [key, value] of Object.entries(opts.headers ?? {})) {
    if (value !== undefined && key !== 'Impersonate-User') headers[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  return {
    headers,
    tls,
    ...(cluster.proxyUrl ? { agent: opts.agent as http.Agent } : {}),
  };
}
