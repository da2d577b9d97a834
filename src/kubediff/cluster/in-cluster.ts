// The in-cluster service account, as kubectl and client-go use it when there is
// no kubeconfig: KUBERNETES_SERVICE_HOST/PORT plus the mounted token, CA and namespace.
import { existsSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { readRegularFileSync, SyncFileReadError } from '../../files/read-bounded-sync.js';
import type { ClusterConfig } from './kubeconfig.js';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** A projected service account token is about 1 KiB; a namespace name at most 63 bytes. */
const MAX_TOKEN_BYTES = 64 * 1024;

export function inClusterAvailable(env: NodeJS.ProcessEnv, dir: string): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST) && Boolean(env.KUBERNETES_SERVICE_PORT) && existsSync(join(dir, 'token'));
}

/** The one-context configuration of the service account files in `dir`. */
export function loadInClusterConfig(env: NodeJS.ProcessEnv, dir: string): ClusterConfig {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '';
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const caFile = join(dir, 'ca.crt');
  const namespaceFile = join(dir, 'namespace');
  // Read once per load: callers load the configuration once per run, so a
  // rotated token is picked up by the next run.
  const token = readServiceAccountFile(join(dir, 'token'));
  const namespace = existsSync(namespaceFile) ? readServiceAccountFile(namespaceFile) : '';
  return {
    contextName: 'in-cluster',
    namespace: namespace || 'default',
    server,
    cluster: { name: 'in-cluster', server, skipTLSVerify: false, ...(existsSync(caFile) ? { caFile } : {}) },
    user: { name: 'in-cluster', token },
    source: 'the in-cluster service account',
  };
}

function readServiceAccountFile(file: string): string {
  try {
    return readRegularFileSync(file, MAX_TOKEN_BYTES).toString('utf8').trim();
  } catch (error) {
    if (error instanceof SyncFileReadError) throw new ConfigError('--kubeconfig', `the in-cluster service account file ${error.message}`, { cause: error });
    throw error;
  }
}
