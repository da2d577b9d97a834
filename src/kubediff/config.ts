// kubediff's command line, as weaveworks/kubediff has it (-k, -c, -n, -j, -e)
// plus -o/--output, parsed once into a typed, read-only config. The runner
// parses `kubediff [flags] <paths>` with the same function.
import { ConfigError } from '../errors.js';
import { formatDuration, MAX_TIMER_MS, parseDuration } from '../config/duration.js';
import { formatFlagHelp, parseFlags, type FlagSpec } from '../config/flags.js';
import { DEFAULT_PROGRESS_DEADLINE_MS } from './health/deadline.js';
import { splitCommand } from './sources/command-words.js';
import { STDIN_PATH } from './sources/walk.js';
import type { ImageCheckConfig } from './images/check-images.js';
import { IMAGE_FLAGS, parseImageFlags } from './images/flags.js';

export type KubediffOutput = 'text' | 'json' | 'diff' | 'legacy-json';

export interface KubediffConfig {
  readonly paths: readonly string[];
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  /** text (default), json (`-o json`), diff (`-o diff`), legacy-json (`-j`, weaveworks' shape). */
  readonly output: KubediffOutput;
  /** --kustomize-command, split into words: the kustomize builder (default `kubectl kustomize`). */
  readonly kustomizeCommand?: readonly string[];
  /** --render, split into words: run in each path, its stdout is that path's manifests. */
  readonly render?: readonly string[];
  /** false with `-e`: drift exits 0 (an error still exits 1). */
  readonly errorOnDiff: boolean;
  /** `--applier`: the field managers that apply git; empty: every Apply, plus kubectl's client-side apply. */
  readonly appliers: readonly string[];
  /** `--hand-edit-manager`: more interactive field managers, whose changes are hand edits. */
  readonly handEditManagers: readonly string[];
  /** `--ignore-file`: ignore rules as data, read at every check. */
  readonly ignoreFile?: string;
  /** Set with --check-images: ask registries about the images (never changes the exit code). */
  readonly images?: ImageCheckConfig;
  /** --pods: list the pods of git's workloads and fold them into health. */
  readonly pods: boolean;
  /** --progress-deadline: Progressing longer than this without progress is Degraded. */
  readonly progressDeadlineMs: number;
  readonly help: boolean;
  readonly version: boolean;
  /** --request-timeout: the time the check may spend on the cluster, retries and credential plugins included; absent: no limit of its own. */
  readonly requestTimeoutMs?: number;
}

const OUTPUTS = ['text', 'json', 'diff'] as const;

export const KUBEDIFF_FLAGS: readonly FlagSpec[] = [
  { name: 'kubeconfig', aliases: ['k'], kind: 'string', valueName: 'FILE', help: 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account)' },
  { name: 'context', aliases: ['c'], kind: 'string', valueName: 'NAME', help: 'kubeconfig context to use (default: the current context)' },
  { name: 'namespace', aliases: ['n'], kind: 'string', valueName: 'NAME', help: "namespace of manifests that set none (default: the context's namespace, else default)" },
  { name: 'json', aliases: ['j'], kind: 'boolean', help: 'print differences as JSON in weaveworks/kubediff\'s shape: {"<file>": ["<difference>", ...]}' },
  { name: 'no-error-on-diff', aliases: ['e'], kind: 'boolean', help: 'exit 0 on drift (errors still exit 1)' },
  {
    name: 'request-timeout',
    kind: 'string',
    valueName: 'DURATION',
    defaultText: '0',
    help: "give up on the cluster after this long: all of the check's requests, retries and credential plugins (kubectl's format: 30s, 2m, a number of seconds; 0: no limit, prom-run's -timeout still applies)",
  },
  { name: 'output', aliases: ['o'], kind: 'string', valueName: 'FORMAT', defaultText: 'text', help: 'text, json (the full structured result) or diff (unified diff of git vs live per object)' },
  { name: 'kustomize-command', kind: 'string', valueName: 'COMMAND', defaultText: 'kubectl kustomize', help: "builds kustomizations; the folder is added as its last argument (e.g. 'kustomize build')" },
  { name: 'render', kind: 'string', valueName: "'COMMAND ARGS'", help: "run this command in each path (no shell: write sh -c '...' for pipes) and check what it prints, e.g. 'helm template web . -f values-prod.yaml'" },
  { name: 'applier', kind: 'string', valueName: 'NAME', repeatable: true, help: 'a field manager that applies git (repeatable): kustomize-controller, argocd-controller, helm, ... (default: every manager whose managedFields entry is an Apply, plus kubectl-client-side-apply and kubectl)' },
  { name: 'hand-edit-manager', kind: 'string', valueName: 'NAME', repeatable: true, help: 'one more field manager whose changes are hand edits (repeatable), beside kubectl edit, patch, set, label, annotate, scale, replace, rollout, create, k9s and web consoles' },
  { name: 'ignore-file', kind: 'string', valueName: 'FILE', help: 'YAML rules that hide differences, by object (kind, namespace, name, labels), path and field manager; read at every check (see the README)' },
  ...IMAGE_FLAGS,
  { name: 'pods', kind: 'boolean', help: "health: also list the pods of git's workloads (one request per namespace) for crash loops, image pull errors and restarts" },
  { name: 'progress-deadline', kind: 'string', valueName: 'DURATION', defaultText: '10m', help: "health: Progressing this long without progress is Degraded, for objects without a deadline of their own (a Deployment's progressDeadlineSeconds); counted across prom-run's runs" },
  { name: 'help', aliases: ['h'], kind: 'boolean', help: 'show this help' },
  { name: 'version', kind: 'boolean', help: 'print the version' },
];

export function kubediffUsage(): string {
  return [
    'Usage: kubediff [flags] <path>...',
    '',
    'Compares the Kubernetes manifests in the given files and directories (walked',
    'recursively: .yaml, .yml, .json) with the live objects in the cluster. A folder',
    'holding kustomization.yaml is built with kustomize (a base used by overlays found',
    'in the same walk is left to them); - reads standard input; with --render, each',
    'path is a folder the command runs in.',
    'Exit status: 0 in sync, 2 drift, 1 error (an error wins over drift).',
    '',
    'Flags:',
    formatFlagHelp(KUBEDIFF_FLAGS),
    '',
  ].join('\n');
}

/** Parses kubediff's arguments (flags and paths may be mixed); throws ConfigError. */
export function parseKubediffArgs(argv: readonly string[]): KubediffConfig {
  const flags = parseFlags(argv, KUBEDIFF_FLAGS, { interspersed: true });
  const spelled = (name: string) => flags.spelled.get(name) ?? `--${name}`;
  const text = (name: string): string | undefined => {
    const value = flags.values.get(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ConfigError(spelled(name), `Expected ${spelled(name)} to be a non-empty value, got \`${String(value)}\``);
    }
    return value;
  };
  const bool = (name: string) => flags.values.get(name) === true;
  const managers = (name: string): readonly string[] => {
    const value = flags.values.get(name);
    const list = Array.isArray(value) ? (value as readonly string[]) : [];
    for (const manager of list) {
      // The API server's limits: at most 128 bytes, printable characters.
      if (manager.trim() === '' || Buffer.byteLength(manager) > 128 || /\p{C}/u.test(manager)) {
        throw new ConfigError(spelled(name), `Expected ${spelled(name)} to be a field manager name like kubectl-edit (printable, at most 128 bytes), got \`${manager}\``);
      }
    }
    return Object.freeze([...list]);
  };

  const namespace = text('namespace');
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) {
    throw new ConfigError(spelled('namespace'), `Expected ${spelled('namespace')} to be a namespace name like team-a (lowercase letters, digits and -, at most 63), got \`${namespace}\``);
  }
  const outputFlag = text('output');
  if (outputFlag !== undefined && !(OUTPUTS as readonly string[]).includes(outputFlag)) {
    throw new ConfigError(spelled('output'), `Expected ${spelled('output')} to be one of ${OUTPUTS.join(', ')}, got \`${outputFlag}\``);
  }
  const json = bool('json');
  if (json && outputFlag !== undefined) {
    throw new ConfigError(spelled('json'), `${spelled('json')} and ${spelled('output')} ${outputFlag} ask for two outputs: use one`);
  }
  const help = bool('help');
  const version = bool('version');
  if (flags.positionals.length === 0 && !help && !version) {
    throw new ConfigError('<path>', 'Expected at least one path to manifests (a file or a directory), got none');
  }
  const kubeconfig = text('kubeconfig');
  const context = text('context');
  const progressDeadlineMs = progressDeadline(spelled('progress-deadline'), text('progress-deadline'));
  const command = (name: string, example: string): readonly string[] | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const words = splitCommand(value);
    if (!words.ok) throw new ConfigError(spelled(name), `Expected ${spelled(name)} to be a command like '${example}', got \`${value}\`: ${words.problem}`);
    return Object.freeze([...words.words]);
  };
  const kustomizeCommand = command('kustomize-command', 'kustomize build');
  const render = command('render', 'helm template web .');
  if (render !== undefined && flags.positionals.includes(STDIN_PATH)) {
    throw new ConfigError(spelled('render'), `${spelled('render')} runs its command in each path, and - (standard input) is not a folder`);
  }
  const requestTimeoutMs = parseRequestTimeout(spelled('request-timeout'), text('request-timeout'));
  const ignoreFile = text('ignore-file');
  const images = parseImageFlags(flags);
  return Object.freeze({
    paths: Object.freeze([...flags.positionals]),
    ...(kustomizeCommand === undefined ? {} : { kustomizeCommand }),
    ...(render === undefined ? {} : { render }),
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(context === undefined ? {} : { context }),
    ...(namespace === undefined ? {} : { namespace }),
    output: json ? 'legacy-json' : ((outputFlag as KubediffOutput | undefined) ?? 'text'),
    errorOnDiff: !bool('no-error-on-diff'),
    appliers: managers('applier'),
    handEditManagers: managers('hand-edit-manager'),
    ...(ignoreFile === undefined ? {} : { ignoreFile }),
    ...(images === undefined ? {} : { images }),
    pods: bool('pods'),
    progressDeadlineMs,
    help,
    version,
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
  });
}

// kubectl's --request-timeout: `0`, a bare number of seconds, or a duration such as 30s or 1m30s.
function parseRequestTimeout(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : parseDuration(value);
  if (ms === undefined || ms < 0 || !Number.isFinite(ms)) {
    throw new ConfigError(flag, `Expected ${flag} to be a duration like 30s or 2m (or 0 for no limit), got \`${value}\``);
  }
  if (ms > MAX_TIMER_MS) throw new ConfigError(flag, `Expected ${flag} to be at most ${formatDuration(MAX_TIMER_MS)}, got \`${value}\``);
  return ms;
}

/** Longer than any run history worth keeping; also keeps the arithmetic exact. */
const MAX_PROGRESS_DEADLINE_MS = 365 * 24 * 3600 * 1000;

function progressDeadline(flag: string, value: string | undefined): number {
  if (value === undefined) return DEFAULT_PROGRESS_DEADLINE_MS;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0 || ms > MAX_PROGRESS_DEADLINE_MS) {
    throw new ConfigError(flag, `Expected ${flag} to be a duration like 10m (more than 0, at most ${formatDuration(MAX_PROGRESS_DEADLINE_MS)}), got \`${value}\``);
  }
  return ms;
}
