// Splits one file into documents the way kubectl does (a line that is `---`
// and nothing else ends a document) and reads each with the kubectl YAML
// rules. Documents keep their index and the line where their content starts,
// so every object and every error can say where it came from.
import jsyaml from 'js-yaml';
import { checkValueBounds, depthProblem, expansionLimit, jsonTooDeepAt, MAX_DEPTH, sizeProblem } from './bounds.js';
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

// js-yaml 4.1+ takes maxDepth (its types do not list it yet): said here so it stays the bound JSON gets too.
const YAML_OPTIONS: jsyaml.LoadOptions & { readonly maxDepth: number } = { schema: KUBECTL_YAML_SCHEMA, maxDepth: MAX_DEPTH };

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
    return [parseJson(text)];
  }
  const chunks = splitDocuments(text);
  // A file that starts with `---` has nothing before it: that is no document.
  if (chunks.length > 1 && isBlank(chunks[0]!.text)) chunks.shift();
  return chunks.map((chunk, index) => parseChunk(chunk, index));
}

function parseJson(text: string): ParsedDocument {
  // Refused before anything is built: JSON.parse would take 10,000 levels,
  // and then whatever walks the value would overflow the stack.
  const deepAt = jsonTooDeepAt(text);
  if (deepAt !== undefined) return { index: 0, line: countLines(text, 0, deepAt) + 1, error: depthProblem() };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const { message, position } = describeJsonError(error instanceof Error ? error.message : String(error), text);
    const line = position === undefined ? 1 : countLines(text, 0, position) + 1;
    return { index: 0, line, error: `invalid JSON: ${message}` };
  }
  const bound = checkValueBounds(value, expansionLimit(text.length));
  if (!bound.ok) return { index: 0, line: 1, error: bound.problem === 'depth' ? depthProblem() : sizeProblem(expansionLimit(text.length)) };
  return { index: 0, line: 1, value };
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
    value = jsyaml.load(chunk.text, YAML_OPTIONS);
  } catch (error) {
    if (error instanceof jsyaml.YAMLException) {
      const line = error.mark ? chunk.firstLine + error.mark.line : contentLine;
      const reason = error.reason || error.message;
      return { index, line, error: reason.startsWith('nesting exceeded maxDepth') ? depthProblem() : reason };
    }
    return { index, line: contentLine, error: error instanceof Error ? error.message : String(error) };
  }
  if (value === undefined || value === null) return { index, line: contentLine };
  // Aliases share nodes: the expanded value is bounded (in size, and in depth,
  // which an alias can add to) before anything is built from it.
  const limit = expansionLimit(chunk.text.length);
  const bound = checkValueBounds(value, limit);
  if (!bound.ok) return { index, line: contentLine, error: bound.problem === 'depth' ? depthProblem() : sizeProblem(limit) };
  // Only documents with aliases can share nodes: copy them so no two places
  // in an object are the same JS value.
  if (chunk.text.includes('*')) value = deepCopy(value);
  const lines = itemLines(chunk.text, value);
  return { index, line: contentLine, value, ...(lines ? { itemLines: lines.map((l) => l + chunk.firstLine - 1) } : {}) };
}

function deepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // `copy[key] =` with the key __proto__ would set the prototype (the key lost, its contents inherited).
    if (key === '__proto__') Object.defineProperty(copy, key, { value: deepCopy(child), enumerable: true, writable: true, configurable: true });
    else copy[key] = deepCopy(child);
  }
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
