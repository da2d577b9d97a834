// compare-images' two outputs. `json` is weaveworks' tool's exactly: Python's
// json.dumps of {"<image name>": ["<source tag>", "<target tag>"]} for the
// images whose tags differ (", " and ": " separators, non-ASCII escaped as
// \uXXXX), keys sorted. `table` is its table (Image, then a column per
// environment named after the folder), plus the images only one side uses,
// marked as such.
import { basename } from 'node:path';
import { escapeControl } from '../text/control-characters.js';
import type { ImageComparison, ImageTags } from './compare.js';

export function formatJson(comparison: ImageComparison): string {
  const entries = comparison.differing.map((tags) => `${pythonString(tags.name)}: [${pythonString(tags.source.join(', '))}, ${pythonString(tags.target.join(', '))}]`);
  return `{${entries.join(', ')}}\n`;
}

/** A string as Python's json.dumps writes it with ensure_ascii (the default). */
function pythonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i] as string;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The environments' column names: the folders' names, as weaveworks' tool had them; the paths when those are the same. */
export function columnNames(source: string, target: string): [string, string] {
  const name = (path: string) => basename(path.replace(/\/+$/, '')) || path;
  const [a, b] = [name(source), name(target)];
  return a === b ? [source, target] : [a, b];
}

export function formatTable(comparison: ImageComparison, sourceName: string, targetName: string): string {
  // Names and tags come from git, the column names from the command line: a control character is shown as an escape, never raw.
  const cell = (tags: readonly string[], other: string) => escapeControl(tags.length > 0 ? tags.join(', ') : `(not in ${other})`);
  const rows = [...comparison.differing, ...comparison.sourceOnly, ...comparison.targetOnly]
    .sort((x: ImageTags, y: ImageTags) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .map((tags) => [escapeControl(tags.name), cell(tags.source, sourceName), cell(tags.target, targetName)]);
  const [source, target] = [escapeControl(sourceName), escapeControl(targetName)];
  if (rows.length === 0) return `The images of ${source} and ${target} have the same tags.\n`;
  const header = ['Image', source, target];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
