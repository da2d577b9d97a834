// Exec credential plugins (client.authentication.k8s.io, as kubectl runs
// them): KUBERNETES_EXEC_INFO in, an ExecCredential with a token or a client
// certificate out. Unattended, a plugin runs in its own process group with a
// timeout of its own, and the group is stopped (SIGTERM, then SIGKILL) on that
// timeout and when the run is cancelled (its timeout, a shutdown), so a
// plugin that never answers holds neither the run nor the process: nothing of
// it is left behind. Only with a person at a terminal (the CLI, stdin a
// terminal, interactiveMode not Never) does it share our terminal to prompt.
import { spawn } from 'node:child_process';
import { terminateGroup } from '../../runner/process-group.js';
import type { ExecConfig, KubeCluster } from './kubeconfig-file.js';

/** How long an unattended plugin may take (kubectl has none; a sidecar must not wait forever). */
export const EXEC_PLUGIN_TIMEOUT_MS = 60_000;
/** A plugin's SIGTERM grace before SIGKILL. */
const KILL_GRACE_MS = 1_000;
/** An ExecCredential is a few KiB; more is not one. */
const MAX_STDOUT_BYTES = 1024 * 1024;
const MAX_STDERR_KEPT = 2048;
const DEFAULT_API_VERSION = 'client.authentication.k8s.io/v1beta1';

export interface ExecCredential {
  readonly token?: string;
  /** PEM, from the plugin. */
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  /** Epoch ms from status.expirationTimestamp; undefined: no expiry given. */
  readonly expiresAt?: number;
}

export interface ExecPluginOptions {
  /** The run's signal: the plugin is stopped when it aborts. */
  readonly signal?: AbortSignal;
  /** The environment the plugin inherits (the kubeconfig's env entries are added). */
  readonly env: NodeJS.ProcessEnv;
  /** A person can answer prompts: stdin is a terminal and we may share it. */
  readonly terminal: boolean;
  readonly timeoutMs?: number;
  /** For provideClusterInfo: the cluster the credential is for. */
  readonly cluster: KubeCluster;
  /** The cluster's CA, base64, for provideClusterInfo. */
  readonly caData?: string;
}

/** Why a plugin gave no credential; `message` is for people (never holds what the plugin printed on stdout). */
export class ExecPluginError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-found' | 'failed' | 'timeout' | 'aborted' | 'invalid' | 'interactive',
  ) {
    super(message);
    this.name = 'ExecPluginError';
  }
}

/** Runs the plugin once and returns its credential; rejects with ExecPluginError. */
export async function runExecPlugin(exec: ExecConfig, opts: ExecPluginOptions): Promise<ExecCredential> {
  const name = JSON.stringify(exec.command);
  const mode = exec.interactiveMode ?? 'IfAvailable';
  const interactive = mode !== 'Never' && opts.terminal;
  if (mode === 'Always' && !interactive) {
    throw new ExecPluginError(`exec plugin ${name} needs a terminal (interactiveMode: Always), and there is none: kubediff runs it unattended`, 'interactive');
  }
  opts.signal?.throwIfAborted();
  const apiVersion = exec.apiVersion ?? DEFAULT_API_VERSION;
  const info = { apiVersion, kind: 'ExecCredential', spec: { interactive, ...(exec.provideClusterInfo ? { cluster: clusterInfo(opts) } : {}) } };
  const env: NodeJS.ProcessEnv = { ...opts.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const entry of exec.env) env[entry.name] = entry.value;
  const output = await runPlugin(exec, name, env, interactive, opts);
  return parseCredential(output, name);
}

interface PluginOutput {
  readonly stdout: Buffer;
}

function runPlugin(exec: ExecConfig, name: string, env: NodeJS.ProcessEnv, interactive: boolean, opts: ExecPluginOptions): Promise<PluginOutput> {
  return new Promise((resolve, reject) => {
    // Unattended: a session and process group of its own (no terminal, killed as a whole).
    const child = spawn(exec.command, [...exec.args], {
      env,
      detached: !interactive,
      stdio: [interactive ? 'inherit' : 'ignore', 'pipe', interactive ? 'inherit' : 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let settled = false;
    const timeoutMs = interactive ? undefined : (opts.timeoutMs ?? EXEC_PLUGIN_TIMEOUT_MS);
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop(new ExecPluginError(`exec plugin ${name} did not answer within ${timeoutMs / 1000} s and was stopped`, 'timeout')), timeoutMs);
    const onAbort = () => stop(new ExecPluginError(`exec plugin ${name} was stopped: ${describe(opts.signal?.reason)}`, 'aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    function finish(): void {
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
    // Stops the plugin (its whole group when unattended), then rejects: when
    // the run ends, nothing of the plugin is left running.
    function stop(error: ExecPluginError): void {
      if (settled) return;
      finish();
      child.stdout?.destroy();
      child.stderr?.destroy();
      const stopped = child.pid === undefined ? Promise.resolve() : interactive ? killOne(child.pid) : terminateGroup(child.pid, KILL_GRACE_MS);
      void stopped.catch(() => undefined).then(() => reject(error));
    }

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) stop(new ExecPluginError(`exec plugin ${name} printed more than ${MAX_STDOUT_BYTES / 1024 / 1024} MiB; that is not an ExecCredential`, 'invalid'));
      else stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_KEPT) stderr += chunk.toString('utf8');
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      finish();
      if (error.code === 'ENOENT') {
        reject(new ExecPluginError(`exec plugin ${name} was not found${exec.installHint ? `: ${oneLine(exec.installHint)}` : ''}`, 'not-found'));
      } else {
        reject(new ExecPluginError(`exec plugin ${name} could not be started: ${error.message}`, 'failed'));
      }
    });
    child.once('close', (code, signal) => {
      if (settled) return;
      finish();
      if (code === 0) {
        resolve({ stdout: Buffer.concat(stdout) });
        return;
      }
      const said = oneLine(stderr).slice(0, 300);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new ExecPluginError(`exec plugin ${name} ${how}${said ? `: ${said}` : ''}`, 'failed'));
    });
  });
}

function parseCredential(output: PluginOutput, name: string): ExecCredential {
  let doc: unknown;
  try {
    doc = JSON.parse(output.stdout.toString('utf8'));
  } catch {
    // What it printed may hold a credential: never quote it.
    throw new ExecPluginError(`exec plugin ${name} printed something that is not JSON; expected an ExecCredential`, 'invalid');
  }
  const status = (doc as { status?: unknown } | null)?.status;
  if (status === null || typeof status !== 'object' || Array.isArray(status)) {
    throw new ExecPluginError(`exec plugin ${name} printed JSON without a status; expected an ExecCredential`, 'invalid');
  }
  const { token, clientCertificateData, clientKeyData, expirationTimestamp } = status as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const credential: ExecCredential = {
    ...(text(token) ? { token: text(token) } : {}),
    ...(text(clientCertificateData) ? { clientCertificateData: text(clientCertificateData) } : {}),
    ...(text(clientKeyData) ? { clientKeyData: text(clientKeyData) } : {}),
  };
  if (!credential.token && !credential.clientCertificateData) {
    throw new ExecPluginError(`exec plugin ${name} gave neither a token nor a client certificate`, 'invalid');
  }
  if (Boolean(credential.clientCertificateData) !== Boolean(credential.clientKeyData)) {
    throw new ExecPluginError(`exec plugin ${name} gave a client certificate without its key, or a key without its certificate`, 'invalid');
  }
  const expiresAt = typeof expirationTimestamp === 'string' ? Date.parse(expirationTimestamp) : Number.NaN;
  return Number.isNaN(expiresAt) ? credential : { ...credential, expiresAt };
}

function clusterInfo(opts: ExecPluginOptions): Record<string, unknown> {
  const { cluster } = opts;
  return {
    server: cluster.server,
    ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
    ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
    ...(opts.caData ? { 'certificate-authority-data': opts.caData } : {}),
    ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
  };
}

async function killOne(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === 'object' && reason !== null && 'why' in reason) return `the run was cancelled (${String((reason as { why: unknown }).why)})`;
  return 'the run was cancelled';
}

// Plugin messages and hints are shown on one line, without control characters.
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}
