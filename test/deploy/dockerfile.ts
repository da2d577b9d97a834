// Reads a Dockerfile and a .dockerignore the way `docker build` does, far
// enough to check ours without a container engine: instructions with line
// continuations and comments, stages with their base images (global ARGs
// substituted), and which context paths the build can see.

export interface Instruction {
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  readonly args: string;
  /** 1-based line of the keyword. */
  readonly line: number;
}

export interface Stage {
  readonly name: string | undefined;
  readonly image: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly globalArgs: ReadonlyMap<string, string>;
  readonly stages: readonly Stage[];
}

/** Splits a Dockerfile into instructions (comments and blank lines dropped). */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  let current: { parts: string[]; line: number } | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    // Docker drops comment and blank lines, even inside a continued instruction.
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continues = trimmed.endsWith('\\');
    const body = continues ? trimmed.slice(0, -1).trim() : trimmed;
    if (current === undefined) current = { parts: [], line: index + 1 };
    current.parts.push(body);
    if (!continues) {
      const joined = current.parts.join(' ');
      const match = /^(\S+)\s*(.*)$/.exec(joined);
      if (match?.[1] !== undefined) {
        instructions.push({ keyword: match[1].toUpperCase(), args: match[2] ?? '', line: current.line });
      }
      current = undefined;
    }
  });
  if (current !== undefined) throw new Error(`Dockerfile line ${current.line}: the last instruction ends with a line continuation`);
  return instructions;
}

/** Parses a Dockerfile into stages; `${ARG}` in FROM takes the global ARG's default. */
export function parseDockerfile(text: string): Dockerfile {
  const globalArgs = new Map<string, string>();
  const stages: { name: string | undefined; image: string; instructions: Instruction[] }[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        image: image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_all, braced: string | undefined, bare: string | undefined) => globalArgs.get(braced ?? bare ?? '') ?? ''),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      const [name = '', value = ''] = instruction.args.split('=', 2);
      globalArgs.set(name.trim(), value.trim().replace(/^"(.*)"$/, '$1'));
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** The arguments of an exec-form (JSON array) instruction such as ENTRYPOINT. */
export function execForm(instruction: Instruction): string[] {
  const parsed: unknown = JSON.parse(instruction.args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} is not a JSON array of strings`);
  }
  return parsed;
}

export interface CopyInstruction {
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly destination: string;
  readonly line: number;
}

/** COPY's flags, sources and destination (shell form, no quoting needed here). */
export function parseCopy(instruction: Instruction): CopyInstruction {
  const words = instruction.args.split(/\s+/).filter((word) => word !== '');
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  const destination = paths.pop();
  if (destination === undefined || paths.length === 0) throw new Error(`Dockerfile line ${instruction.line}: COPY needs sources and a destination`);
  return { from, sources: paths, destination, line: instruction.line };
}

interface IgnoreRule {
  readonly pattern: RegExp;
  readonly exception: boolean;
}

/** A .dockerignore: `isIgnored('src/a.ts')` says whether the build context leaves the path out. */
export function parseDockerignore(text: string): { isIgnored(path: string): boolean } {
  const rules: IgnoreRule[] = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exception = line.startsWith('!');
      const glob = (exception ? line.slice(1) : line).trim().replace(/^\/+|\/+$/g, '');
      return { pattern: globToRegExp(glob), exception };
    });
  return {
    isIgnored(path: string): boolean {
      // As Docker: the last rule that matches the path or one of its parents decides.
      const parts = path.split('/').filter((part) => part !== '' && part !== '.');
      const candidates = parts.map((_part, index) => parts.slice(0, index + 1).join('/'));
      let ignored = false;
      for (const rule of rules) {
        if (candidates.some((candidate) => rule.pattern.test(candidate))) ignored = !rule.exception;
      }
      return ignored;
    },
  };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] ?? '';
    if (char === '*' && glob[index + 1] === '*') {
      // `**/` matches any number of directories, including none.
      source += glob[index + 2] === '/' ? '(?:.*/)?' : '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
