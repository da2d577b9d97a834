// A small flag parser that accepts Go's flag syntax and GNU syntax alike:
// `-period=60s`, `-period 60s`, `--period=60s`, `--period 60s`, boolean `-j`
// or `--json=false`. `--` ends the flags. Values are strings here; each
// program's config module validates and types them.
import { ConfigError } from '../errors.js';
import { closest } from './suggest.js';

export interface FlagSpec {
  /** Long name without dashes, e.g. `period`. */
  readonly name: string;
  /** Other names, e.g. `k` for `--kubeconfig`. */
  readonly aliases?: readonly string[];
  readonly kind: 'string' | 'boolean';
  readonly help: string;
  /** Shown in the usage for string flags, e.g. `DURATION`. */
  readonly valueName?: string;
  /** Shown as the default in the usage. */
  readonly defaultText?: string;
  /** Several occurrences collect into a list instead of the last one winning. */
  readonly repeatable?: boolean;
  /** For a boolean flag: words it also takes after `=`, kept as strings (`--check-images=live`). */
  readonly values?: readonly string[];
}

export interface ParsedFlags {
  /** By long name: the last value given (or every value, for repeatable flags). */
  readonly values: ReadonlyMap<string, string | boolean | readonly string[]>;
  /** How the user spelled each flag given, by long name, for error messages. */
  readonly spelled: ReadonlyMap<string, string>;
  readonly positionals: readonly string[];
}

export interface ParseOptions {
  /**
   * true: flags and positionals may be mixed (`kubediff dir -j`).
   * false: the first positional ends the flags (`prom-run -period=1s cmd -x`),
   * as Go's flag package does, so everything after the command is the command's.
   */
  readonly interspersed: boolean;
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true, '1': true, t: true, T: true, TRUE: true, True: true,
  false: false, '0': false, f: false, F: false, FALSE: false, False: false,
};

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], options: ParseOptions): ParsedFlags {
  const byName = new Map<string, FlagSpec>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    for (const alias of spec.aliases ?? []) byName.set(alias, spec);
  }
  const values = new Map<string, string | boolean | readonly string[]>();
  const spelled = new Map<string, string>();
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (!options.interspersed) {
        positionals.push(...argv.slice(i));
        break;
      }
      positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const dashes = arg.startsWith('--') ? '--' : '-';
    const flag = `${dashes}${name}`;
    const spec = byName.get(name);
    if (!spec) {
      const near = closest(name, specs.map((s) => s.name));
      throw new ConfigError(flag, `unknown flag ${flag}${near === undefined ? '' : `; did you mean ${dashes}${near}?`}`);
    }
    spelled.set(spec.name, flag);

    if (spec.kind === 'boolean') {
      if (eq === -1) {
        values.set(spec.name, true);
        continue;
      }
      const given = body.slice(eq + 1);
      if (spec.values?.includes(given)) {
        values.set(spec.name, given);
        continue;
      }
      const word = BOOLEAN_WORDS[given];
      if (word === undefined) {
        if (spec.values) throw new ConfigError(flag, `Expected ${flag} to be given alone, or as ${spec.values.map((v) => `${flag}=${v}`).join(' or ')}, got \`${given}\``);
        throw new ConfigError(flag, `Expected ${flag} to be true or false, got \`${body.slice(eq + 1)}\``);
      }
      values.set(spec.name, word);
      continue;
    }

    let value: string;
    if (eq !== -1) {
      value = body.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new ConfigError(flag, `flag ${flag} needs a value, e.g. ${flag}=${spec.valueName ?? 'VALUE'}`);
      value = next;
      i++;
    }
    if (spec.repeatable) {
      const previous = values.get(spec.name);
      values.set(spec.name, [...(Array.isArray(previous) ? previous : []), value]);
    } else {
      values.set(spec.name, value);
    }
  }
  return { values, spelled, positionals };
}

/** The usage lines for a set of flags, one block per flag. */
export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  return specs
    .map((spec) => {
      const names = [...(spec.aliases ?? []).map((a) => (a.length === 1 ? `-${a}` : `--${a}`)), `--${spec.name}`];
      const value = spec.kind === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : spec.values ? `[=${spec.values.join('|')}]` : '';
      const fallback = spec.defaultText ? ` (default ${spec.defaultText})` : '';
      return `  ${names.join(', ')}${value}\n      ${spec.help}${fallback}`;
    })
    .join('\n');
}
