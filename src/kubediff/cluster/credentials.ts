// What a request to the API server carries, from the kubeconfig's cluster and
// user: TLS settings (CA, client certificate, server name, skip-verify) and
// headers (bearer token, token file, basic auth, impersonation), the way
// kubectl applies them; exec credential plugins are run by exec-credential.ts.
// Only legacy auth providers (oidc, gcp, azure) and proxies load
// @kubernetes/client-node (client-node-auth.ts): it costs more start-up time
// and memory than the whole check.
import type http from 'node:http';
import { readRegularFileSync } from '../../files/read-bounded-sync.js';
import type { Logger } from '../../log/logger.js';
import { execCacheKey, type ExecCredentialCache } from './exec-cache.js';
import { runExecPlugin, type ExecCredential } from './exec-credential.js';
import type { ClusterConfig, KubeCluster, KubeUser } from './kubeconfig.js';

/** CA bundles and client certificates are KiBs; a system bundle is under 1 MiB. */
export const MAX_CERTIFICATE_BYTES = 4 * 1024 * 1024;
export const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

export interface TlsOptions {
  readonly ca?: Buffer;
  readonly cert?: Buffer | string;
  readonly key?: Buffer | string;
  readonly rejectUnauthorized?: boolean;
  readonly servername?: string;
}

export interface Credentials {
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly tls: TlsOptions;
  /** An agent that client-node made (the cluster has a proxy-url); else the transport makes its own. */
  readonly agent?: http.Agent;
  /** Call when the API server answers 401: a cached exec credential is not used again. */
  readonly rejected: () => void;
}

/** How exec plugins are run: chosen by the program (the CLI, prom-run), not by the kubeconfig. */
export interface ExecOptions {
  /** The environment a plugin inherits, plus the kubeconfig's env entries (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** A person at a terminal can answer a plugin's prompts (the CLI with a terminal on stdin). */
  readonly terminal?: boolean;
  /** Credentials kept between runs until they expire. */
  readonly cache?: ExecCredentialCache;
  /** Default EXEC_PLUGIN_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

export interface CredentialOptions {
  /** The run's signal: an exec plugin is stopped when it aborts. */
  readonly signal?: AbortSignal;
  readonly logger: Logger;
  readonly exec?: ExecOptions;
}

/** Does this configuration need @kubernetes/client-node (a legacy auth provider, a proxy)? */
export function needsClientNode(config: ClusterConfig): boolean {
  return config.user?.authProvider !== undefined || config.cluster.proxyUrl !== undefined;
}

/** Credentials for the configuration's context; rejects with the reason they cannot be had. */
export async function resolveCredentials(config: ClusterConfig, opts: CredentialOptions): Promise<Credentials> {
  let tls = clusterTls(config.cluster, config.user);
  const user = config.user;
  let rejected = () => {};
  let execToken: string | undefined;
  if (user?.exec) {
    const key = execCacheKey(user, user.exec, config.cluster);
    const cache = opts.exec?.cache;
    let credential: ExecCredential | undefined = cache?.get(key);
    if (credential === undefined) {
      credential = await runExecPlugin(user.exec, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        env: opts.exec?.env ?? process.env,
        terminal: opts.exec?.terminal ?? false,
        ...(opts.exec?.timeoutMs ? { timeoutMs: opts.exec.timeoutMs } : {}),
        cluster: config.cluster,
        ...(tls.ca ? { caData: tls.ca.toString('base64') } : {}),
      });
      cache?.set(key, credential);
    }
    execToken = credential.token;
    if (credential.clientCertificateData && credential.clientKeyData) {
      tls = { ...tls, cert: credential.clientCertificateData, key: credential.clientKeyData };
    }
    rejected = () => cache?.forget(key);
  }
  if (needsClientNode(config)) {
    const { clientNodeCredentials } = await import('./client-node-auth.js');
    return { ...(await clientNodeCredentials(config, tls, execToken)), rejected };
  }
  const headers: Record<string, string | string[]> = user ? impersonationHeaders(user) : {};
  // client-node's order: the kubeconfig's own token or basic auth wins over the plugin's token.
  const authorization = (user ? staticAuthorization(user) : undefined) ?? (execToken ? `Bearer ${execToken}` : undefined);
  if (authorization) headers.Authorization = authorization;
  return { headers, tls, rejected };
}

/** CA, client certificate and key (files read now, bounded), server name, skip-verify. */
export function clusterTls(cluster: KubeCluster, user: KubeUser | undefined): TlsOptions {
  const ca = fileOrData(cluster.caFile, cluster.caData);
  const cert = user ? fileOrData(user.certFile, user.certData) : undefined;
  const key = user ? fileOrData(user.keyFile, user.keyData) : undefined;
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(cluster.skipTLSVerify ? { rejectUnauthorized: false } : {}),
    ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
  };
}

/**
 * The Authorization header from the kubeconfig alone, in client-node's order
 * of precedence: basic auth, then the token, then the token file (read now,
 * trimmed as kubectl does, so a final newline is not sent).
 */
export function staticAuthorization(user: KubeUser): string | undefined {
  if (user.username) return `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`;
  const token = bearerToken(user);
  return token ? `Bearer ${token}` : undefined;
}

/** The user's token, or the content of its token file; '' when it has neither. */
export function bearerToken(user: KubeUser): string {
  return user.token || (user.tokenFile ? readRegularFileSync(user.tokenFile, MAX_TOKEN_FILE_BYTES).toString('utf8').trim() : '');
}

/** kubectl's --as, --as-uid, --as-group and extra fields, from the kubeconfig user. */
export function impersonationHeaders(user: KubeUser): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  if (user.impersonateUser) headers['Impersonate-User'] = user.impersonateUser;
  if (user.impersonateUid) headers['Impersonate-Uid'] = user.impersonateUid;
  if (user.impersonateGroups?.length) headers['Impersonate-Group'] = [...user.impersonateGroups];
  for (const [key, values] of Object.entries(user.impersonateExtra ?? {})) {
    if (values.length > 0) headers[`Impersonate-Extra-${escapeHeaderKey(key)}`] = [...values];
  }
  return headers;
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readRegularFileSync(file, MAX_CERTIFICATE_BYTES);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

// A header name holds token characters only: the rest is percent-encoded, as client-go does.
function escapeHeaderKey(key: string): string {
  return [...Buffer.from(key, 'utf8')]
    .map((byte) => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z0-9!#$&'*+.^_`|~-]/.test(c) && byte < 128 ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}
