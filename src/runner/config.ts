// prom-run's flags, parsed into one typed, read-only config. Go and GNU flag
// syntax alike (`-period=60s`, `--period 60s`); the first positional is the
// command and everything after it belongs to the command, as does everything
// after `--`.
import { formatDuration, MAX_TIMER_MS, parseDuration } from '../config/duration.js';
import { formatFlagHelp, parseFlags, type FlagSpec } from '../config/flags.js';
import { ConfigError } from '../errors.js';
import { GITSYNC_FLAGS, parseGitSyncConfig, type GitSyncConfig } from '../gitsync/config.js';
import { isBuiltinKubediff } from './select-task.js';

export interface RunnerConfig {
  readonly periodMs: number;
  readonly timeoutMs: number;
  /** As given, e.g. `:9152`, `127.0.0.1:0`, `[::1]:8080`. */
  readonly listenAddr: string;
  readonly listenHost: string | undefined;
  readonly listenPort: number;
  /** Where the command runs; undefined: the runner's own working directory. */
  readonly workingDir: string | undefined;
  /** Bytes of combined output kept per run. */
  readonly maxOutputBytes: number;
  /** The command and its arguments. */
  readonly command: readonly string[];
  /** The built-in checker: most per-object drift series exported (kubediff_object_out_of_sync). */
  readonly maxObjectSeries: number;
  /** --repo-url and --watch (src/gitsync/config.ts); absent: neither. */
  readonly gitSync?: GitSyncConfig;
  /** --web.config.file (exporter-toolkit's format: TLS, basic auth); undefined: plain HTTP for everyone. */
  readonly webConfigFile?: string;
}

export type RunnerArgs =
  | { readonly action: 'run'; readonly config: RunnerConfig }
  | { readonly action: 'help' }
  | { readonly action: 'version' };

export const DEFAULTS = {
  periodMs: 10_000,
  timeoutMs: 600_000,
  listenAddr: ':9152',
  maxOutputBytes: 1024 * 1024,
  maxObjectSeries: 1000,
} as const;

export const RUNNER_FLAGS: readonly FlagSpec[] = [
  { name: 'period', kind: 'string', valueName: 'DURATION', defaultText: formatDuration(DEFAULTS.periodMs), help: 'How often to run the command.' },
  { name: 'timeout', kind: 'string', valueName: 'DURATION', defaultText: formatDuration(DEFAULTS.timeoutMs), help: 'Stop a run that takes longer than this (SIGTERM to its process group, then SIGKILL); it exits 124.' },
  { name: 'listen-addr', aliases: ['web.listen-address'], kind: 'string', valueName: 'HOST:PORT', defaultText: DEFAULTS.listenAddr, help: 'Address to serve the page, /metrics and the JSON status on.' },
  { name: 'working-dir', kind: 'string', valueName: 'DIR', help: 'Directory to run the command in (default: the current directory).' },
  { name: 'max-output-bytes', kind: 'string', valueName: 'BYTES', defaultText: String(DEFAULTS.maxOutputBytes), help: 'Combined stdout and stderr kept per run; the rest is cut with a marker.' },
  { name: 'max-object-series', kind: 'string', valueName: 'N', defaultText: String(DEFAULTS.maxObjectSeries), help: 'Built-in checker: export at most N per-object series (kubediff_object_out_of_sync); the rest are counted in kubediff_object_series_dropped.' },
  ...GITSYNC_FLAGS,
  { name: 'web.config.file', kind: 'string', valueName: 'FILE', help: "TLS and basic authentication for every endpoint, in Prometheus exporter-toolkit's web config format; re-read when it changes." },
  { name: 'help', aliases: ['h'], kind: 'boolean', help: 'Show this help and exit.' },
  { name: 'version', kind: 'boolean', help: 'Print the version and exit.' },
];

export function runnerUsage(): string {
  return [
    'Usage: prom-run [flags] [--] <command> [args...]',
    '',
    'Runs the command at start-up and then every period, exports its exit code and',
    'duration to Prometheus on /metrics, and serves its latest output on a web page.',
    'When the command is `kubediff` (or a path ending in /kubediff), the built-in',
    'drift checker runs in-process.',
    '',
    'Flags (Go syntax -period=60s and GNU syntax --period 60s alike):',
    formatFlagHelp(RUNNER_FLAGS),
    '',
  ].join('\n');
}

/** Parses prom-run's arguments (without the program name). Throws ConfigError naming the flag. */
export function parseRunnerArgs(argv: readonly string[]): RunnerArgs {
  const parsed = parseFlags(argv, RUNNER_FLAGS, { interspersed: false });
  const flag = (name: string): string => parsed.spelled.get(name) ?? `--${name}`;
  const text = (name: string): string | undefined => {
    const value = parsed.values.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  if (parsed.values.get('help') === true) return { action: 'help' };
  if (parsed.values.get('version') === true) return { action: 'version' };

  const periodMs = positiveDuration(flag('period'), text('period'), DEFAULTS.periodMs);
  const timeoutMs = positiveDuration(flag('timeout'), text('timeout'), DEFAULTS.timeoutMs);
  const listenAddr = text('listen-addr') ?? DEFAULTS.listenAddr;
  const { host, port } = parseListenAddr(flag('listen-addr'), listenAddr);
  const workingDir = text('working-dir');
  if (workingDir === '') throw new ConfigError(flag('working-dir'), `Expected ${flag('working-dir')} to be a directory, got an empty value`);
  const maxOutputBytes = byteCount(flag('max-output-bytes'), text('max-output-bytes'), DEFAULTS.maxOutputBytes);
  const maxObjectSeries = seriesCount(flag('max-object-series'), text('max-object-series'), DEFAULTS.maxObjectSeries);

  if (parsed.positionals.length === 0 || parsed.positionals[0] === '') {
    throw new ConfigError('<command>', 'Expected a command to run: prom-run [flags] [--] <command> [args...]');
  }
  return {
    action: 'run',
    config: Object.freeze({
      periodMs,
      timeoutMs,
      listenAddr,
      listenHost: host,
      listenPort: port,
      workingDir,
      maxOutputBytes,
      command: Object.freeze([...parsed.positionals]),
      maxObjectSeries,
      gitSync: parseGitSyncConfig(parsed, isBuiltinKubediff(parsed.positionals[0] ?? '')),
      // As exporter-toolkit: an empty value means no web config.
      webConfigFile: text('web.config.file') || undefined,
    }),
  };
}

function positiveDuration(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) {
    throw new ConfigError(flag, `Expected ${flag} to be a duration like 30s, got \`${value}\``);
  }
  // Node's timers wait at most 2^31-1 ms; a longer delay fires after 1 ms instead.
  if (ms > MAX_TIMER_MS) {
    throw new ConfigError(flag, `Expected ${flag} to be at most ${formatDuration(MAX_TIMER_MS)}, got \`${value}\``);
  }
  return ms;
}

function byteCount(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const bytes = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  // Below 64 bytes the truncation marker alone would not fit.
  if (!Number.isSafeInteger(bytes) || bytes < 64) {
    throw new ConfigError(flag, `Expected ${flag} to be a number of bytes of at least 64, got \`${value}\``);
  }
  return bytes;
}

function seriesCount(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count)) {
    throw new ConfigError(flag, `Expected ${flag} to be a number of series (0 or more), got \`${value}\``);
  }
  return count;
}

/** `:9152` (all interfaces), `127.0.0.1:0`, `[::1]:8080`, `localhost:80`. */
export function parseListenAddr(flag: string, value: string): { host: string | undefined; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || port > 65535) {
    throw new ConfigError(flag, `Expected ${flag} to be an address like :9152 or 127.0.0.1:9152, got \`${value}\``);
  }
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port };
}
