// Path patterns of ignore rules, written as kubediff prints paths
// (`.spec.template.spec.containers[name=app].image`): a segment is a field
// (`.image`, `["a.b"]`) or a list item (`[name=app]`, `[0]`). In a pattern,
// `*` as a whole segment is any one segment, `**` any number of them, and `*`
// inside a segment any characters (`[name=web-*]`). A pattern matching a path
// also covers everything below it: `.metadata.labels` hides each label.

export class PathPatternError extends Error {}

/** The segments of a path: `.a`, `[name=x]`, `["k.y"]` become `a`, `[name=x]`, `["k.y"]`. */
export function pathSegments(path: string): string[] | undefined {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      let end = i + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      if (end === i + 1) return undefined;
      segments.push(path.slice(i + 1, end));
      i = end;
    } else if (path[i] === '[') {
      const end = closingBracket(path, i);
      if (end === undefined) return undefined;
      segments.push(path.slice(i, end + 1));
      i = end + 1;
    } else {
      return undefined;
    }
  }
  return segments;
}

/** The `]` closing the bracket at `start`, skipping quoted strings (`["a]b"]`). */
function closingBracket(path: string, start: number): number | undefined {
  let quoted = false;
  for (let i = start + 1; i < path.length; i++) {
    const char = path[i];
    if (quoted) {
      if (char === '\\') i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ']') {
      return i;
    }
  }
  return undefined;
}

const MAX_SEGMENTS = 64;
const MAX_ANY = 4;

type Segment = { readonly any: 'one' | 'many' } | { readonly pattern: RegExp };

export interface PathPattern {
  readonly text: string;
  matches(path: string): boolean;
}

/** Compiles a pattern; throws PathPatternError saying what is wrong with it. */
export function compilePathPattern(text: string): PathPattern {
  if (!text.startsWith('.') && !text.startsWith('[')) throw new PathPatternError('a path starts with . or [ (as kubediff prints paths, e.g. .spec.replicas)');
  const raw = pathSegments(text);
  if (!raw || raw.length === 0) throw new PathPatternError('is not a path as kubediff prints them (an empty segment or an unclosed [)');
  // Bounds the matching work (each ** tries every split of the path).
  if (raw.length > MAX_SEGMENTS) throw new PathPatternError(`has more than ${MAX_SEGMENTS} segments`);
  if (raw.filter((segment) => segment === '**').length > MAX_ANY) throw new PathPatternError(`has more than ${MAX_ANY} ** segments`);
  const segments: Segment[] = raw.map((segment) => {
    if (segment === '**') return { any: 'many' };
    if (segment === '*' || segment === '[*]') return { any: 'one' };
    if (segment.includes('**')) throw new PathPatternError(`** stands for whole segments only (got ${segment})`);
    const escaped = segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return { pattern: new RegExp(`^${escaped}$`, 's') };
  });
  return { text, matches: (path) => matchesPrefix(segments, pathSegments(path) ?? []) };
}

/** Whether the pattern matches the path or one of its ancestors. */
function matchesPrefix(pattern: readonly Segment[], path: readonly string[]): boolean {
  for (let length = path.length; length >= 1; length--) if (matchAll(pattern, 0, path.slice(0, length), 0)) return true;
  return false;
}

function matchAll(pattern: readonly Segment[], p: number, path: readonly string[], s: number): boolean {
  if (p === pattern.length) return s === path.length;
  const segment = pattern[p] as Segment;
  if ('any' in segment && segment.any === 'many') {
    for (let next = s; next <= path.length; next++) if (matchAll(pattern, p + 1, path, next)) return true;
    return false;
  }
  if (s === path.length) return false;
  const ok = 'any' in segment ? true : segment.pattern.test(path[s] as string);
  return ok && matchAll(pattern, p + 1, path, s + 1);
}
