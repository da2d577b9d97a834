// Finds and loads the cluster configuration the way kubectl does: --kubeconfig,
// then KUBECONFIG (a list of files merged with "first one to set a name wins"),
// then ~/.kube/config, then the in-cluster service account. Plain data: the
// credentials are applied later (credentials.ts), and @kubernetes/client-node
// is loaded only for what needs it.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { inClusterAvailable, loadInClusterConfig, SERVICE_ACCOUNT_DIR } from './in-cluster.js';
import { readKubeconfigFile, type KubeCluster, type KubeconfigFile, type KubeContext, type KubeUser } from './kubeconfig-file.js';

export type { ExecConfig, KubeCluster, KubeContext, KubeUser } from './kubeconfig-file.js';

export interface ClusterConfig {
  readonly contextName: string;
  /** The context's namespace, else `default` (in-cluster: the service account's namespace). */
  readonly namespace: string;
  /** The API server URL, e.g. `https://10.0.0.1:443`. */
  readonly server: string;
  readonly cluster: KubeCluster;
  /** The context's user; undefined when the context names none (no credentials). */
  readonly user: KubeUser | undefined;
  /** Where the configuration came from, for messages: `kubeconfig /home/me/.kube/config`. */
  readonly source: string;
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
    return loadInClusterConfig(opts.env, source.dir);
  }
  const merged = mergeFiles(source.files.map((file) => readKubeconfigFile(file, source.flag)));
  const where = describe(source.files);
  let contextName = merged.currentContext;
  if (opts.context !== undefined) {
    if (!merged.contexts.has(opts.context)) {
      const known = [...merged.contexts.keys()].join(', ') || 'none';
      throw new ConfigError('--context', `context "${opts.context}" does not exist in ${where} (contexts: ${known})`);
    }
    contextName = opts.context;
  }
  return select(merged, contextName, opts.context !== undefined ? '--context' : source.flag, where);
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

interface Merged {
  readonly clusters: Map<string, KubeCluster>;
  readonly users: Map<string, KubeUser>;
  readonly contexts: Map<string, KubeContext>;
  readonly currentContext: string | undefined;
  readonly allEmpty: boolean;
}

// kubectl's merge: the first file to define a cluster, user or context name
// wins, and so does the first file that sets current-context (the first entry
// of a name wins within one file too).
function mergeFiles(files: readonly KubeconfigFile[]): Merged {
  const clusters = new Map<string, KubeCluster>();
  const users = new Map<string, KubeUser>();
  const contexts = new Map<string, KubeContext>();
  let currentContext: string | undefined;
  for (const file of files) {
    for (const c of file.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of file.users) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of file.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (currentContext === undefined && file.currentContext) currentContext = file.currentContext;
  }
  return { clusters, users, contexts, currentContext, allEmpty: files.every((f) => f.empty) };
}

function select(merged: Merged, contextName: string | undefined, flag: string, where: string): ClusterConfig {
  if (!contextName) {
    if (merged.allEmpty) throw new ConfigError(flag, `${where} ${where.startsWith('kubeconfig files') ? 'are' : 'is'} empty: no clusters, users or contexts`);
    throw new ConfigError('--context', `no current-context is set in ${where}; pass --context`);
  }
  const context = merged.contexts.get(contextName);
  if (!context) {
    throw new ConfigError(flag, `current-context "${contextName}" does not exist in ${where}`);
  }
  const cluster = merged.clusters.get(context.cluster);
  if (!cluster) {
    throw new ConfigError(flag, `context "${contextName}" refers to cluster "${context.cluster}", which does not exist in ${where}`);
  }
  if (!/^https?:\/\//.test(cluster.server)) {
    throw new ConfigError(flag, `cluster "${cluster.name}" has server "${cluster.server}", expected an http:// or https:// URL`);
  }
  // A user named but not defined: client-node and kubectl go on without credentials.
  const user = context.user === undefined ? undefined : merged.users.get(context.user);
  checkFilesExist(cluster, user, flag, where);
  return { contextName, namespace: context.namespace || 'default', server: cluster.server, cluster, user, source: where };
}

// A missing CA, client certificate or token file is a configuration error,
// said now rather than as a failed request later.
function checkFilesExist(cluster: KubeCluster, user: KubeUser | undefined, flag: string, where: string): void {
  const files: Array<[string, string | undefined]> = [
    ['certificate-authority', cluster.caFile],
    ['client-certificate', user?.certFile],
    ['client-key', user?.keyFile],
    ['token-file', user?.token ? undefined : user?.tokenFile],
  ];
  for (const [what, file] of files) {
    if (file && !existsSync(file)) {
      throw new ConfigError(flag, `${what} file ${file} (from ${where}) does not exist`);
    }
  }
}

function describe(files: string[]): string {
  return files.length === 1 ? `kubeconfig ${files[0]}` : `kubeconfig files ${files.join(', ')}`;
}
