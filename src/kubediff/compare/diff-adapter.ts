// The one place deep-diff is used. deep-diff returns undefined when nothing
// differs and reports array changes as nested `A` entries; this adapter hides
// both and speaks in the checker's terms (want = git, have = live).

import deepDiff from 'deep-diff';

export interface ValueChange {
  /** Map keys and list indexes from the compared values down to the change. */
  readonly path: readonly (string | number)[];
  readonly kind: 'changed' | 'missing-live' | 'unexpected-live';
  readonly want?: unknown;
  readonly have?: unknown;
}

type Entry = deepDiff.Diff<unknown, unknown>;

function toChange(entry: Entry, prefix: readonly (string | number)[]): ValueChange {
  const path = [...prefix, ...((entry.path ?? []) as (string | number)[])];
  switch (entry.kind) {
    case 'A':
      return toChange(entry.item, [...path, entry.index]);
    case 'N':
      return { path, kind: 'unexpected-live', have: entry.rhs };
    case 'D':
      return { path, kind: 'missing-live', want: entry.lhs };
    case 'E':
      return { path, kind: 'changed', want: entry.lhs, have: entry.rhs };
  }
}

/** Every difference between two plain values, in path order; [] when they are equal. */
export function diffValues(want: unknown, have: unknown): ValueChange[] {
  const entries = deepDiff.diff(want, have) ?? [];
  return entries.map((entry) => toChange(entry, [])).sort(comparePaths);
}

function comparePaths(a: ValueChange, b: ValueChange): number {
  const length = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < length; i++) {
    const left = a.path[i];
    const right = b.path[i];
    if (left === right) continue;
    if (typeof left === 'number' && typeof right === 'number') return left - right;
    return String(left) < String(right) ? -1 : 1;
  }
  return a.path.length - b.path.length;
}
