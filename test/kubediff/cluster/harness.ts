// Shared set-up for the cluster tests: an emulated API server and a reader
// with short backoff, so retries do not slow the suite down.
import { startApiServer, type ApiServer, type ApiServerOptions, type KubeObject } from '../../support/apiserver/index.js';
import { createClusterReader, loadClusterConfig, type ClusterReader, type ClusterReaderOptions } from '../../../src/kubediff/cluster/index.js';
import type { RetryPolicy } from '../../../src/kubediff/cluster/retry.js';
import { silentLogger } from '../../../src/log/logger.js';
import { dirname } from 'node:path';

export const FAST_RETRIES: RetryPolicy = { maxAttempts: 5, maxConnectAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 };

export async function startServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  return startApiServer(options);
}

export function readerFor(server: ApiServer, options: Partial<ClusterReaderOptions> & { kubeconfig?: string } = {}): ClusterReader {
  const kubeconfig = options.kubeconfig ?? server.kubeconfigPath;
  const config = loadClusterConfig({ kubeconfig, env: {}, homeDir: dirname(kubeconfig) });
  return createClusterReader(config, { logger: silentLogger, retryPolicy: FAST_RETRIES, ...options });
}

export function configMap(namespace: string, name: string, data: Record<string, string> = { key: name }): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export function deployment(namespace: string, name: string, replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  };
}

/** Counts by `verb result` from a reader, e.g. `{ 'list 200': 3 }`. */
export function countsOf(reader: ClusterReader): Record<string, number> {
  return Object.fromEntries(reader.requestCounts().map((c) => [`${c.verb} ${c.result}`, c.count]));
}
