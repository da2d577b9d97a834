// Finds the line where each item of a List document starts, so an error in
// item 7 of a 300-item List points at item 7 and not at the List. A plain text
// scan of the block sequence under the top-level `items:` key; when it does
// not find exactly one line per item (flow style, unusual layout) it gives up
// and the items carry the List's line instead.

/** 1-based lines within `text` of each item of the top-level `items` sequence, or undefined. */
export function itemLines(text: string, value: unknown): number[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const items = (value as { items?: unknown }).items;
  const kind = (value as { kind?: unknown }).kind;
  if (!Array.isArray(items) || typeof kind !== 'string' || !kind.endsWith('List')) return undefined;

  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^items:\s*(#.*)?\r?$/.test(line));
  if (start === -1) return undefined;
  const found: number[] = [];
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const lineIndent = line.length - line.trimStart().length;
    const isItem = /^-(\s|$)/.test(trimmed);
    if (indent === undefined) {
      if (!isItem) return undefined;
      indent = lineIndent;
    }
    if (lineIndent < indent || (lineIndent === indent && !isItem)) break;
    if (lineIndent === indent) found.push(i + 1);
  }
  return found.length === items.length ? found : undefined;
}
