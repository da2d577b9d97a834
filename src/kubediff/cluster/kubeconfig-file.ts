// One kubeconfig file read and checked: a regular file of bounded size, YAML
// that is a mapping, and clusters, users and contexts of the right shapes,
// with file paths made relative to the file as kubectl does. Every problem is
// a ConfigError naming the file and the entry (`users[2] "ci"`), never a
// TypeError from reading a field of something that is not there.
import { dirname, isAbsolute, join } from 'node:path';
import jsyaml from 'js-yaml';
import { ConfigError } from '../../errors.js';
import { readRegularFileSync, SyncFileReadError } from '../../files/read-bounded-sync.js';

/** Kubeconfigs with embedded certificates are a few KiB; anything this large is not one. */
export const MAX_KUBECONFIG_BYTES = 8 * 1024 * 1024;

export interface KubeCluster {
  readonly name: string;
  /** Without a trailing slash. */
  readonly server: string;
  readonly caFile?: string;
  /** Base64 PEM, as in the file. */
  readonly caData?: string;
  readonly skipTLSVerify: boolean;
  readonly tlsServerName?: string;
  readonly proxyUrl?: string;
}

export interface ExecEnvVar {
  readonly name: string;
  readonly value: string;
}

/** users[].user.exec: a credential plugin (client.authentication.k8s.io). */
export interface ExecConfig {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly ExecEnvVar[];
  readonly apiVersion?: string;
  readonly installHint?: string;
  readonly provideClusterInfo: boolean;
  /** Never, IfAvailable (the default) or Always. */
  readonly interactiveMode?: string;
}

export interface KubeUser {
  readonly name: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly certFile?: string;
  readonly certData?: string;
  readonly keyFile?: string;
  readonly keyData?: string;
  /** Impersonation: `as`, `as-uid`, `as-groups`, `as-user-extra`. */
  readonly impersonateUser?: string;
  readonly impersonateUid?: string;
  readonly impersonateGroups?: readonly string[];
  readonly impersonateExtra?: Readonly<Record<string, readonly string[]>>;
  readonly exec?: ExecConfig;
  /** Legacy auth providers (oidc, gcp, azure, ...): handled by @kubernetes/client-node. */
  readonly authProvider?: { readonly name: string; readonly config: Readonly<Record<string, string>> };
}

export interface KubeContext {
  readonly name: string;
  readonly cluster: string;
  readonly user?: string;
  readonly namespace?: string;
}

export interface KubeconfigFile {
  readonly clusters: readonly KubeCluster[];
  readonly users: readonly KubeUser[];
  readonly contexts: readonly KubeContext[];
  readonly currentContext?: string;
  /** The file held nothing at all (kubectl reads that as an empty configuration). */
  readonly empty: boolean;
}

type Json = Record<string, unknown>;

/** Reads and checks one kubeconfig file; `flag` names where it came from in errors. Throws ConfigError. */
export function readKubeconfigFile(file: string, flag: string): KubeconfigFile {
  let text: string;
  try {
    text = readRegularFileSync(file, MAX_KUBECONFIG_BYTES).toString('utf8');
  } catch (error) {
    if (error instanceof SyncFileReadError) throw new ConfigError(flag, `kubeconfig ${file} ${error.detail}`, { cause: error });
    throw error;
  }
  let doc: unknown;
  try {
    doc = jsyaml.load(text.replace(/^\uFEFF/, ''), { filename: file });
  } catch (error) {
    throw new ConfigError(flag, `cannot read kubeconfig ${file}: ${describeYamlError(error)}`, { cause: error });
  }
  if (doc === null || doc === undefined) return { clusters: [], users: [], contexts: [], empty: true };
  const at = new Where(file, flag);
  const root = at.mapping(doc, 'the file');
  const base = dirname(file);
  return {
    clusters: at.list(root.clusters, 'clusters').map((entry, i) => cluster(at, entry, `clusters[${i}]`, base)),
    users: at.list(root.users, 'users').map((entry, i) => user(at, entry, `users[${i}]`, base)),
    contexts: at.list(root.contexts, 'contexts').map((entry, i) => context(at, entry, `contexts[${i}]`)),
    ...optional('currentContext', at.string(root['current-context'], 'current-context')),
    empty: false,
  };
}

function cluster(at: Where, entry: unknown, path: string, base: string): KubeCluster {
  const outer = at.mapping(entry, path);
  const name = at.required(at.string(outer.name, `${path}.name`), `${path}.name`);
  const here = `${path} "${name}"`;
  const body = at.mapping(at.required(outer.cluster, `${here}: cluster`), `${here}: cluster`);
  const server = at.required(at.string(body.server, `${here}: server`), `${here}: server`);
  return {
    name,
    server: server.replace(/\/$/, ''),
    ...optional('caFile', relativeTo(base, at.string(body['certificate-authority'], `${here}: certificate-authority`))),
    ...optional('caData', at.string(body['certificate-authority-data'], `${here}: certificate-authority-data`)),
    skipTLSVerify: body['insecure-skip-tls-verify'] === true,
    ...optional('tlsServerName', at.string(body['tls-server-name'], `${here}: tls-server-name`)),
    ...optional('proxyUrl', at.string(body['proxy-url'], `${here}: proxy-url`)),
  };
}

function user(at: Where, entry: unknown, path: string, base: string): KubeUser {
  const outer = at.mapping(entry, path);
  const name = at.required(at.string(outer.name, `${path}.name`), `${path}.name`);
  const here = `${path} "${name}"`;
  const body = outer.user === undefined || outer.user === null ? {} : at.mapping(outer.user, `${here}: user`);
  const s = (key: string) => at.string(body[key], `${here}: ${key}`);
  const provider = body['auth-provider'] === undefined || body['auth-provider'] === null ? undefined : at.mapping(body['auth-provider'], `${here}: auth-provider`);
  return {
    name,
    ...optional('token', s('token')),
    ...optional('tokenFile', relativeTo(base, s('token-file'))),
    ...optional('username', s('username')),
    ...optional('password', s('password')),
    ...optional('certFile', relativeTo(base, s('client-certificate'))),
    ...optional('certData', s('client-certificate-data')),
    ...optional('keyFile', relativeTo(base, s('client-key'))),
    ...optional('keyData', s('client-key-data')),
    ...optional('impersonateUser', s('as')),
    ...optional('impersonateUid', s('as-uid')),
    ...optional('impersonateGroups', body['as-groups'] == null ? undefined : at.strings(body['as-groups'], `${here}: as-groups`)),
    ...optional('impersonateExtra', body['as-user-extra'] == null ? undefined : extra(at, body['as-user-extra'], `${here}: as-user-extra`)),
    ...optional('exec', body.exec == null ? undefined : exec(at, body.exec, `${here}: exec`, base)),
    ...optional('authProvider', provider && {
      name: at.required(at.string(provider.name, `${here}: auth-provider.name`), `${here}: auth-provider.name`),
      config: stringMap(at, provider.config, `${here}: auth-provider.config`),
    }),
  };
}

function exec(at: Where, value: unknown, here: string, base: string): ExecConfig {
  const body = at.mapping(value, here);
  const command = at.required(at.string(body.command, `${here}.command`), `${here}.command`);
  const env = body.env == null ? [] : at.list(body.env, `${here}.env`).map((e, i) => {
    const item = at.mapping(e, `${here}.env[${i}]`);
    return {
      name: at.required(at.string(item.name, `${here}.env[${i}].name`), `${here}.env[${i}].name`),
      value: at.string(item.value, `${here}.env[${i}].value`) ?? '',
    };
  });
  return {
    // kubectl: a command with a path separator is relative to the kubeconfig; a bare name is looked up in PATH.
    command: command.includes('/') ? (relativeTo(base, command) as string) : command,
    args: body.args == null ? [] : at.strings(body.args, `${here}.args`),
    env,
    ...optional('apiVersion', at.string(body.apiVersion, `${here}.apiVersion`)),
    ...optional('installHint', at.string(body.installHint, `${here}.installHint`)),
    provideClusterInfo: body.provideClusterInfo === true,
    ...optional('interactiveMode', at.string(body.interactiveMode, `${here}.interactiveMode`)),
  };
}

function context(at: Where, entry: unknown, path: string): KubeContext {
  const outer = at.mapping(entry, path);
  const name = at.required(at.string(outer.name, `${path}.name`), `${path}.name`);
  const here = `${path} "${name}"`;
  const body = at.mapping(at.required(outer.context, `${here}: context`), `${here}: context`);
  return {
    name,
    cluster: at.required(at.string(body.cluster, `${here}: cluster`), `${here}: cluster`),
    ...optional('user', at.string(body.user, `${here}: user`) || undefined),
    ...optional('namespace', at.string(body.namespace, `${here}: namespace`) || undefined),
  };
}

function extra(at: Where, value: unknown, here: string): Record<string, readonly string[]> {
  const body = at.mapping(value, here);
  return Object.fromEntries(Object.entries(body).map(([key, v]) => [key, at.strings(v, `${here}.${key}`)]));
}

function stringMap(at: Where, value: unknown, here: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const body = at.mapping(value, here);
  // Auth provider configs hold strings; client-node reads them as they are.
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
}

// Shape checks that name the file and the field in their errors.
class Where {
  constructor(
    private readonly file: string,
    private readonly flag: string,
  ) {}

  fail(what: string, problem: string): never {
    throw new ConfigError(this.flag, `kubeconfig ${this.file} is not valid: ${what} ${problem}`);
  }

  mapping(value: unknown, what: string): Json {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Json;
    return this.fail(what, `must be a mapping, found ${typeName(value)}`);
  }

  list(value: unknown, what: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    return this.fail(what, `must be a list, found ${typeName(value)}`);
  }

  string(value: unknown, what: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    return this.fail(what, `must be a string, found ${typeName(value)}`);
  }

  strings(value: unknown, what: string): string[] {
    return this.list(value, what).map((v, i) => this.required(this.string(v, `${what}[${i}]`), `${what}[${i}]`));
  }

  required<T>(value: T | undefined, what: string): T {
    if (value === undefined || value === '') return this.fail(what, 'is missing');
    return value;
  }
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function relativeTo(base: string, path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  return isAbsolute(path) ? path : join(base, path);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// js-yaml's message quotes the lines around the error, and a kubeconfig holds
// tokens and keys: keep the reason and the line only.
function describeYamlError(err: unknown): string {
  const { reason, mark, message } = err as { reason?: unknown; mark?: { line?: unknown }; message?: unknown };
  if (typeof reason === 'string' && typeof mark?.line === 'number') return `line ${mark.line + 1}: ${reason}`;
  return typeof message === 'string' ? message.split('\n')[0]! : String(err);
}
