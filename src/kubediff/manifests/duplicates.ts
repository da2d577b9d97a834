// The same object defined twice in git is an error naming both places: which
// definition would win depends on file order, so neither can be trusted.
import type { CheckError, SourceLocation } from '../result.js';
import { describeSource } from '../sources/describe-source.js';

export interface Keyed {
  readonly source: SourceLocation;
}

/**
 * Splits items into the unique ones and an error per repeated definition.
 * `keyOf` must identify the object in the cluster (group, kind, namespace, name),
 * `describe` names it in the message. The first definition is kept and the later
 * ones become errors, so a duplicate never hides the object entirely.
 */
export function splitDuplicates<T extends Keyed>(
  items: readonly T[],
  keyOf: (item: T) => string,
  describe: (item: T) => string,
): { unique: T[]; duplicates: { item: T; error: CheckError }[] } {
  const first = new Map<string, T>();
  const unique: T[] = [];
  const duplicates: { item: T; error: CheckError }[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, item);
      unique.push(item);
      continue;
    }
    const message = `${describe(item)} is defined twice: at ${formatSource(earlier.source)} and at ${formatSource(item.source)}`;
    duplicates.push({
      item,
      error: {
        kind: 'manifest',
        message,
        file: item.source.file,
        document: item.source.document,
        ...(item.source.line === undefined ? {} : { line: item.source.line }),
      },
    });
  }
  return { unique, duplicates };
}

export function formatSource(source: SourceLocation): string {
  if (source.build) return describeSource(source);
  return `${source.file} (document ${source.document + 1}${source.line === undefined ? '' : `, line ${source.line}`})`;
}
