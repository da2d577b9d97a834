// Bounds on what one manifest document may become, the same for YAML and
// JSON: how deep it nests and how large it is once YAML aliases are expanded.
// A 9 KB YAML file nesting aliases over a long string stays under any node
// count yet expands to tens of megabytes in every output; JSON nested 10,000
// deep parses fine and then overflows the stack of whatever walks it.
//
// Depth counts nodes from the document's root to its deepest node, scalars
// and keys included, as js-yaml's maxDepth does: `a: [1]` is 3 deep.
import { formatBytes } from '../../files/file-kind.js';

/** The deepest a document may nest (js-yaml's own default, now also for JSON and for expanded aliases). */
export const MAX_DEPTH = 100;
/** A document may always expand to this many bytes (as compact JSON)... */
const EXPANSION_FLOOR_BYTES = 1024 * 1024;
/** ...or to this many times the size of its text (aliases, merge keys `<<`)... */
const EXPANSION_FACTOR = 16;
/** ...but never to more than this. */
const EXPANSION_CEILING_BYTES = 64 * 1024 * 1024;

/** The largest a document of `textLength` characters may be once expanded. */
export function expansionLimit(textLength: number): number {
  return Math.min(EXPANSION_CEILING_BYTES, Math.max(EXPANSION_FLOOR_BYTES, EXPANSION_FACTOR * textLength));
}

/** Why a value is refused, for people. */
export function depthProblem(): string {
  return `nested more than ${MAX_DEPTH} levels deep (the most kubediff reads)`;
}

export function sizeProblem(limit: number): string {
  const shown = limit % 1024 === 0 ? formatBytes(limit) : `${Math.round(limit / 1024)} KiB`;
  return `larger than ${shown} once its YAML aliases are expanded (the most is ${EXPANSION_FACTOR} times its own text, at least 1 MiB and at most 64 MiB)`;
}

/**
 * The 0-based offset in a JSON text where nesting first goes deeper than
 * `maxDepth`, or undefined. A scan of the text, so nothing is built from a
 * text that is refused.
 */
export function jsonTooDeepAt(text: string, maxDepth: number = MAX_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      // { [
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) {
      // } ]
      depth--;
    } else if (c === 0x22) {
      // A string (a key or a value) is one node below its container.
      if (depth + 1 > maxDepth) return i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x2c && c !== 0x3a) {
      // A number, true, false or null.
      if (depth + 1 > maxDepth) return i;
    }
  }
  return undefined;
}

export type ValueBound = { readonly ok: true } | { readonly ok: false; readonly problem: 'depth' | 'size' };

interface Measure {
  readonly bytes: number;
  /** Nodes from this one to its deepest descendant, itself included. */
  readonly height: number;
}

/**
 * Checks a parsed document against the depth and expanded-size bounds.
 * js-yaml gives every alias of an anchor the same JS value, so measures are
 * memoized by identity: the cost is the number of distinct nodes, never the
 * expanded size. The walk stops as soon as a bound is passed, so its own
 * recursion never goes deeper than `maxDepth`.
 */
export function checkValueBounds(value: unknown, maxBytes: number, maxDepth: number = MAX_DEPTH): ValueBound {
  const memo = new Map<object, Measure>();
  let exceeded: 'depth' | 'size' | undefined;

  function measure(node: unknown, depth: number): Measure {
    if (typeof node !== 'object' || node === null) return { bytes: scalarBytes(node), height: 1 };
    const known = memo.get(node);
    if (known !== undefined) {
      if (depth - 1 + known.height > maxDepth) exceeded ??= 'depth';
      return known;
    }
    let bytes = 2;
    let height = 1;
    const entries = Array.isArray(node) ? node.map((child) => ['', child] as const) : Object.entries(node);
    for (const [key, child] of entries) {
      if (depth + 1 > maxDepth) {
        exceeded ??= 'depth';
        break;
      }
      const inner = measure(child, depth + 1);
      if (exceeded) break;
      // A key is a node one level below, as a value is: `"key":` and `,`.
      bytes += inner.bytes + 1 + (Array.isArray(node) ? 0 : key.length + 3);
      height = Math.max(height, inner.height + 1);
      if (bytes > maxBytes) {
        exceeded = 'size';
        break;
      }
    }
    const result = { bytes, height };
    memo.set(node, result);
    return result;
  }

  measure(value, 1);
  return exceeded === undefined ? { ok: true } : { ok: false, problem: exceeded };
}

function scalarBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || value === undefined) return 4;
  return String(value).length;
}
