// Splits one file into documents the way kubectl does (a line that is `---`
// and nothing else ends a document) and reads each with the kubectl YAML
// rules. Documents keep their index and the line where their content starts,
// so every object and every error can say where it came from.
import jsyaml from 'js-yaml';
import { describeJsonError } from './json-error.js';
import { itemLines } from './list-lines.js';
import { KUBECTL_YAML_SCHEMA } from './yaml11.js';

export interface ParsedDocument {
  /** 0-based position of the document in the file, empty documents included. */
  readonly index: number;
  /** 1-based line where the document's content starts (or where its error is). */
  readonly line?: number;
  /** The document's value; undefined for an empty document. */
  readonly value?: unknown;
  /** Set when the document could not be read. */
  readonly error?: string;
  /** For a List: the 1-based line where each item starts, when they could be found. */
  readonly itemLines?: readonly number[];
}

/** Aliases let a tiny file expand to a huge object ("billion laughs"); refuse past this many nodes. */
export const MAX_EXPANDED_NODES = 1_000_000;

interface Chunk {
  readonly text: string;
  /** 1-based line of the chunk's first line in the file. */
  readonly firstLine: number;
}

export function parseManifestText(raw: string, json: boolean): ParsedDocument[] {
  // A byte order mark (editors on Windows write one) is not content; kubectl skips it too.
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (json && text.trimStart().startsWith('{')) {
    // kubectl reads a .json file that starts with `{` as JSON, not YAML.
    try {
      return [{ index: 0, line: 1, value: JSON.parse(text) as unknown }];
    } catch (error) {
      const { message, position } = describeJsonError(error instanceof Error ? error.message : String(error), text);
      const line = position === undefined ? 1 : countLines(text, 0, position) + 1;
      return [{ index: 0, line, error: `invalid JSON: ${message}` }];
    }
  }
  const chunks = splitDocuments(text);
  // A file that starts with `---` has nothing before it: that is no document.
  if (chunks.length > 1 && isBlank(chunks[0]!.text)) chunks.shift();
  return chunks.map((chunk, index) => parseChunk(chunk, index));
}

function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  // kubectl also takes `--- # a comment` as a separator.
  const separator = /^---[ \t]*(?:#[^\r\n]*)?\r?$/gm;
  let start = 0;
  let line = 1;
  let scanned = 0;
  for (let match = separator.exec(text); match !== null; match = separator.exec(text)) {
    chunks.push({ text: text.slice(start, match.index), firstLine: line });
    const next = match.index + match[0].length + 1;
    line += countLines(text, scanned, Math.min(next, text.length));
    scanned = Math.min(next, text.length);
    start = next;
  }
  chunks.push({ text: start < text.length ? text.slice(start) : '', firstLine: line });
  return chunks;
}

function parseChunk(chunk: Chunk, index: number): ParsedDocument {
  const contentLine = firstContentLine(chunk);
  if (contentLine === undefined) return { index };
  let value: unknown;
  try {
    value = jsyaml.load(chunk.text, { schema: KUBECTL_YAML_SCHEMA });
  } catch (error) {
    if (error instanceof jsyaml.YAMLException) {
      const line = error.mark ? chunk.firstLine + error.mark.line : contentLine;
      return { index, line, error: error.reason || error.message };
    }
    return { index, line: contentLine, error: error instanceof Error ? error.message : String(error) };
  }
  if (value === undefined || value === null) return { index, line: contentLine };
  if (chunk.text.includes('*')) {
    // Only documents with aliases can share nodes: bound their expanded size,
    // then copy them so no two places in an object are the same JS value.
    if (expandedSize(value, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES) {
      return { index, line: contentLine, error: `aliases expand to more than ${MAX_EXPANDED_NODES} nodes` };
    }
    value = deepCopy(value);
  }
  const lines = itemLines(chunk.text, value);
  return { index, line: contentLine, value, ...(lines ? { itemLines: lines.map((l) => l + chunk.firstLine - 1) } : {}) };
}

/** Nodes the value would have with every alias expanded, counted up to `limit`. */
function expandedSize(value: unknown, limit: number, memo = new Map<object, number>()): number {
  if (typeof value !== 'object' || value === null) return 1;
  const known = memo.get(value);
  if (known !== undefined) return known;
  let size = 1;
  for (const child of Object.values(value)) {
    size += expandedSize(child, limit, memo);
    if (size > limit) break;
  }
  memo.set(value, size);
  return size;
}

function deepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = deepCopy(child);
  return copy;
}

function firstContentLine(chunk: Chunk): number | undefined {
  // The first line that is not blank, a comment, a directive or an end marker.
  const content = /^(?![ \t]*(?:#|%|\.\.\.[ \t]*\r?$|\r?$))/m.exec(chunk.text);
  if (!content || content.index >= chunk.text.length) return undefined;
  return chunk.firstLine + countLines(chunk.text, 0, content.index);
}

function isBlank(text: string): boolean {
  return firstContentLine({ text, firstLine: 1 }) === undefined;
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
