// RFC 6902 JSON Patch and RFC 7386 JSON Merge Patch over plain JSON values.
import { cloneJson, jsonEqual } from './json.js';
import { isObject } from './types.js';

export class PatchError extends Error {}

/** RFC 7386: objects merge key by key, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, tokens: string[], pointer: string): { parent: unknown; key: string } {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    current = Array.isArray(current) ? current[Number(token)] : isObject(current) ? current[token] : undefined;
    if (current === undefined) throw new PatchError(`doc is missing path: "${pointer}"`);
  }
  return { parent: current, key: tokens[tokens.length - 1] as string };
}

function arrayIndex(array: unknown[], key: string, allowEnd: boolean, pointer: string): number {
  if (key === '-' && allowEnd) return array.length;
  const index = Number(key);
  if (!/^\d+$/.test(key) || index > array.length || (!allowEnd && index === array.length)) {
    throw new PatchError(`index out of bounds at "${pointer}"`);
  }
  return index;
}

function read(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const token of parsePointer(pointer)) {
    current = Array.isArray(current) ? current[Number(token)] : isObject(current) ? current[token] : undefined;
    if (current === undefined) throw new PatchError(`doc is missing path: "${pointer}"`);
  }
  return current;
}

function remove(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false, pointer), 1)[0];
  if (!isObject(parent) || !(key in parent)) throw new PatchError(`unable to remove nonexistent key: ${key}: missing value`);
  const value = parent[key];
  delete parent[key];
  return value;
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, pointer), 0, value);
  else if (isObject(parent)) parent[key] = value;
  else throw new PatchError(`doc is missing path: "${pointer}"`);
  return doc;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError('a JSON patch must be an array of operations');
  let doc = cloneJson(target);
  for (const raw of operations as Operation[]) {
    if (!isObject(raw) || typeof raw.path !== 'string') throw new PatchError('each JSON patch operation needs op and path');
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, cloneJson(raw.value));
        break;
      case 'remove':
        remove(doc, raw.path);
        break;
      case 'replace':
        read(doc, raw.path);
        if (raw.path === '') doc = cloneJson(raw.value);
        else {
          remove(doc, raw.path);
          doc = add(doc, raw.path, cloneJson(raw.value));
        }
        break;
      case 'move': {
        const value = remove(doc, String(raw.from));
        doc = add(doc, raw.path, value);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, cloneJson(read(doc, String(raw.from))));
        break;
      case 'test':
        if (!jsonEqual(read(doc, raw.path), raw.value)) throw new PatchError(`testing value ${raw.path} failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(raw.op)}`);
    }
  }
  return doc;
}
