// Finds and loads the cluster configuration the way kubectl does: --kubeconfig,
// then KUBECONFIG (a list of files merged with "first one to set a name wins"),
// then ~/.kube/config, then the in-cluster service account.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { ConfigError } from '../../errors.js';
import { inClusterAvailable, loadInClusterConfig, SERVICE_ACCOUNT_DIR } from './in-cluster.js';

export interface ClusterConfig {
  readonly kubeConfig: KubeConfig;
  readonly contextName: string;
  /** The context's namespace, else `default` (in-cluster: the service account's namespace). */
  readonly namespace: string;
  /** The API server URL, e.g. `https://10.0.0.1:443`. */
  readonly server: string;
}

export interface LoadClusterConfigOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** Where the in-cluster service account files are; tests point it at a temp folder. */
  readonly serviceAccountDir?: string;
}

/** Loads the kubeconfig kubectl would use and selects the context; throws ConfigError. */
export function loadClusterConfig(opts: LoadClusterConfigOptions): ClusterConfig {
  const source = chooseSource(opts);
  if (source.kind === 'in-cluster') {
    if (opts.context !== undefined) {
      throw new ConfigError('--context', `context "${opts.context}" does not exist: running with the in-cluster service account, which has no contexts`);
    }
    return toClusterConfig(loadInClusterConfig(opts.env, source.dir), '--kubeconfig', 'the in-cluster service account');
  }
  const merged = mergeFiles(source.files, source.flag);
  if (opts.context !== undefined) {
    if (!merged.contexts.some((c) => c.name === opts.context)) {
      const known = merged.contexts.map((c) => c.name).join(', ') || 'none';
      throw new ConfigError('--context', `context "${opts.context}" does not exist in ${describe(source.files)} (contexts: ${known})`);
    }
    merged.setCurrentContext(opts.context);
  }
  return toClusterConfig(merged, opts.context !== undefined ? '--context' : source.flag, describe(source.files));
}

type Source = { kind: 'files'; files: string[]; flag: string } | { kind: 'in-cluster'; dir: string };

function chooseSource(opts: LoadClusterConfigOptions): Source {
  if (opts.kubeconfig !== undefined && opts.kubeconfig !== '') {
    if (!existsSync(opts.kubeconfig)) {
      throw new ConfigError('--kubeconfig', `kubeconfig file ${opts.kubeconfig} does not exist`);
    }
    return { kind: 'files', files: [opts.kubeconfig], flag: '--kubeconfig' };
  }
  const saDir = opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const fromEnv = (opts.env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== '');
  if (fromEnv.length > 0) {
    // kubectl skips files of the list that do not exist.
    const existing = fromEnv.filter((f) => existsSync(f));
    if (existing.length > 0) return { kind: 'files', files: existing, flag: 'KUBECONFIG' };
    if (inClusterAvailable(opts.env, saDir)) return { kind: 'in-cluster', dir: saDir };
    throw new ConfigError('KUBECONFIG', `none of the KUBECONFIG files exist: ${fromEnv.join(', ')}`);
  }
  const homeConfig = join(opts.homeDir, '.kube', 'config');
  if (existsSync(homeConfig)) return { kind: 'files', files: [homeConfig], flag: '--kubeconfig' };
  if (inClusterAvailable(opts.env, saDir)) return { kind: 'in-cluster', dir: saDir };
  throw new ConfigError(
    '--kubeconfig',
    `no cluster configuration found: no --kubeconfig, no KUBECONFIG, no ${homeConfig}, and not running in a cluster (KUBERNETES_SERVICE_HOST unset or no service account token in ${saDir})`,
  );
}

// kubectl's merge: the first file to define a cluster, user or context name wins,
// and so does the first file that sets current-context. Relative paths in a file
// are relative to that file (client-node's loadFromFile resolves them).
function mergeFiles(files: string[], flag: string): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of files) {
    const one = new KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (err) {
      throw new ConfigError(flag, `cannot read kubeconfig ${file}: ${describeLoadError(err)}`, { cause: err });
    }
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (currentContext === undefined && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
}

function toClusterConfig(kc: KubeConfig, flag: string, where: string): ClusterConfig {
  const contextName = kc.getCurrentContext();
  if (!contextName) {
    throw new ConfigError('--context', `no current-context is set in ${where}; pass --context`);
  }
  const context = kc.getContextObject(contextName);
  if (!context) {
    throw new ConfigError(flag, `current-context "${contextName}" does not exist in ${where}`);
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) {
    throw new ConfigError(flag, `context "${contextName}" refers to cluster "${context.cluster}", which does not exist in ${where}`);
  }
  if (!/^https?:\/\//.test(cluster.server)) {
    throw new ConfigError(flag, `cluster "${cluster.name}" has server "${cluster.server}", expected an http:// or https:// URL`);
  }
  checkFilesExist(kc, flag, where);
  return { kubeConfig: kc, contextName, namespace: context.namespace || 'default', server: cluster.server };
}

// A missing CA or client certificate file is a configuration error, said now
// rather than as a failed request later.
function checkFilesExist(kc: KubeConfig, flag: string, where: string): void {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const files: Array<[string, string | undefined]> = [
    ['certificate-authority', cluster?.caFile],
    ['client-certificate', user?.certFile ?? undefined],
    ['client-key', user?.keyFile ?? undefined],
  ];
  for (const [what, file] of files) {
    if (file && !existsSync(file)) {
      throw new ConfigError(flag, `${what} file ${file} (from ${where}) does not exist`);
    }
  }
}

// js-yaml's message quotes the lines around the error, and a kubeconfig holds
// tokens and keys: keep the reason and the line only.
function describeLoadError(err: unknown): string {
  const { reason, mark, message } = err as { reason?: unknown; mark?: { line?: unknown }; message?: unknown };
  if (typeof reason === 'string' && typeof mark?.line === 'number') return `line ${mark.line + 1}: ${reason}`;
  return typeof message === 'string' ? message : String(err);
}

function describe(files: string[]): string {
  return files.length === 1 ? `kubeconfig ${files[0]}` : `kubeconfig files ${files.join(', ')}`;
}
