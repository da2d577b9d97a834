// A reader of the Prometheus text format (0.0.4) for tests: families with
// their TYPE and HELP, samples with their labels (escapes undone) and values.
// Strict about what it reads: a line it cannot parse throws with its number.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  /** Family name -> type, from `# TYPE` lines. */
  readonly types: ReadonlyMap<string, string>;
  /** Family name -> help, from `# HELP` lines. */
  readonly help: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';

export function parseTextFormat(text: string): Exposition {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  text.split('\n').forEach((line, index) => {
    if (line === '') return;
    const where = `line ${index + 1}: ${line}`;
    const comment = new RegExp(`^# (HELP|TYPE) (${NAME}) ?(.*)$`).exec(line);
    if (comment) {
      (comment[1] === 'TYPE' ? types : help).set(comment[2] as string, comment[3] as string);
      return;
    }
    if (line.startsWith('#')) return;
    samples.push(parseSample(line, where));
  });
  return { types, help, samples };
}

/** `name{a="x",b="y"} value [timestamp]`, with \\, \" and \n escapes in label values. */
export function parseSample(line: string, where = line): Sample {
  const name = new RegExp(`^${NAME}`).exec(line)?.[0];
  if (!name) throw new Error(`no metric name at ${where}`);
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at += 1;
    while (line[at] !== '}') {
      const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(at));
      if (!label) throw new Error(`bad label at ${where}`);
      at += label[0].length;
      let value = '';
      for (;;) {
        const char = line[at];
        if (char === undefined) throw new Error(`unterminated label value at ${where}`);
        at += 1;
        if (char === '"') break;
        if (char !== '\\') {
          value += char;
          continue;
        }
        const escaped = line[at];
        at += 1;
        if (escaped === 'n') value += '\n';
        else if (escaped === '\\' || escaped === '"') value += escaped;
        else throw new Error(`bad escape \\${escaped} at ${where}`);
      }
      if (Object.hasOwn(labels, label[1] as string)) throw new Error(`label ${label[1]} twice at ${where}`);
      labels[label[1] as string] = value;
      if (line[at] === ',') at += 1;
      else if (line[at] !== '}') throw new Error(`expected , or } at ${where}`);
    }
    at += 1;
  }
  const rest = /^ (\S+)(?: (-?\d+))?$/.exec(line.slice(at));
  if (!rest) throw new Error(`bad value at ${where}`);
  const value = parseValue(rest[1] as string);
  if (value === undefined) throw new Error(`bad value ${rest[1]} at ${where}`);
  return { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
