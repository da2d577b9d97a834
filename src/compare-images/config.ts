// compare-images' command line, as weaveworks' tool had it: two paths (files
// or folders of manifests) and --format json or table (the default).
import { ConfigError } from '../errors.js';
import { formatFlagHelp, parseFlags, type FlagSpec } from '../config/flags.js';
import { splitCommand } from '../kubediff/sources/command-words.js';
import { STDIN_PATH } from '../kubediff/sources/walk.js';

export type CompareFormat = 'table' | 'json';

export interface CompareImagesConfig {
  readonly source: string;
  readonly target: string;
  readonly format: CompareFormat;
  /** --kustomize-command, split into words (default `kubectl kustomize`). */
  readonly kustomizeCommand?: readonly string[];
  readonly help: boolean;
  readonly version: boolean;
}

const FORMATS: readonly CompareFormat[] = ['table', 'json'];

export const COMPARE_IMAGES_FLAGS: readonly FlagSpec[] = [
  { name: 'format', kind: 'string', valueName: 'FORMAT', defaultText: 'table', help: 'table (also lists images only one side uses) or json ({"<image name>": ["<source tag>", "<target tag>"]}, differing tags only, as weaveworks\' compare-images printed it)' },
  { name: 'kustomize-command', kind: 'string', valueName: 'COMMAND', defaultText: 'kubectl kustomize', help: "builds kustomizations, as kubediff does; the folder is added as its last argument (e.g. 'kustomize build')" },
  { name: 'help', aliases: ['h'], kind: 'boolean', help: 'show this help' },
  { name: 'version', kind: 'boolean', help: 'print the version' },
];

export function compareImagesUsage(): string {
  return [
    'Usage: compare-images [flags] SOURCE TARGET',
    '',
    'Compares the images of the Kubernetes manifests in SOURCE with those in',
    'TARGET (files or folders, read as kubediff reads them: a kustomization is',
    'built, - is standard input) and shows the images whose tags differ, e.g.',
    'between a dev and a prod environment or two kustomize overlays.',
    'Exit status: 0, or 1 when a manifest could not be read (the comparison is',
    'still printed, the problems go to stderr).',
    '',
    'Flags:',
    formatFlagHelp(COMPARE_IMAGES_FLAGS),
    '',
  ].join('\n');
}

/** Throws ConfigError. */
export function parseCompareImagesArgs(argv: readonly string[]): CompareImagesConfig {
  const flags = parseFlags(argv, COMPARE_IMAGES_FLAGS, { interspersed: true });
  const help = flags.values.get('help') === true;
  const version = flags.values.get('version') === true;
  const format = flags.values.get('format') ?? 'table';
  const spelled = flags.spelled.get('format') ?? '--format';
  if (typeof format !== 'string' || !(FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(spelled, `Expected ${spelled} to be one of ${FORMATS.join(', ')}, got \`${String(format)}\``);
  }
  const [source, target, ...rest] = flags.positionals;
  if (!help && !version && (source === undefined || target === undefined || rest.length > 0)) {
    throw new ConfigError('SOURCE TARGET', `Expected two paths, SOURCE and TARGET, got ${flags.positionals.length}`);
  }
  if (source === STDIN_PATH && target === STDIN_PATH) {
    throw new ConfigError('SOURCE TARGET', 'Expected at most one of SOURCE and TARGET to be - (standard input can be read only once)');
  }
  const kustomizeCommand = parseCommand(flags.values.get('kustomize-command'), flags.spelled.get('kustomize-command') ?? '--kustomize-command');
  return Object.freeze({
    source: source ?? '',
    target: target ?? '',
    format: format as CompareFormat,
    ...(kustomizeCommand === undefined ? {} : { kustomizeCommand }),
    help,
    version,
  });
}

function parseCommand(value: unknown, spelled: string): readonly string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const words = splitCommand(value);
  if (!words.ok) throw new ConfigError(spelled, `Expected ${spelled} to be a command like 'kustomize build', got \`${value}\`: ${words.problem}`);
  return Object.freeze([...words.words]);
}
