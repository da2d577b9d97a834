// PATCH: applies a JSON merge patch, JSON patch or strategic merge patch to the
// stored object, then stores the result through the normal update path.
import { jsonPatch, mergePatch, PatchError } from './json-patch.js';
import { cloneJson } from './json.js';
import { getObject } from './reads.js';
import type { ServerState } from './state.js';
import { ApiError, badRequest, unsupportedMediaType } from './status.js';
import { strategicMerge } from './strategic-merge.js';
import { isObject, type KubeObject, type ResourceType } from './types.js';
import { updateObject, type WriteOptions } from './writes.js';

export type PatchType = 'json' | 'merge' | 'strategic';

export function patchTypeOf(contentType: string, type: Pick<ResourceType, 'custom'>): PatchType {
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  if (mediaType === 'application/json-patch+json') return 'json';
  if (mediaType === 'application/merge-patch+json') return 'merge';
  // Custom resources have no Go types to take merge keys from, so the real server refuses it too.
  if (mediaType === 'application/strategic-merge-patch+json' && !type.custom) return 'strategic';
  // Server-side apply is handled before this (server-side-apply.ts); on subresources it is not supported.
  throw unsupportedMediaType(mediaType);
}

/** Applies a patch body to a document of `kind`; errors become 422 Invalid like the server's. */
export function applyPatch(current: KubeObject, patch: unknown, patchType: PatchType, kind: string): KubeObject {
  try {
    let result: unknown;
    if (patchType === 'json') result = jsonPatch(current, patch);
    else if (!isObject(patch)) throw badRequest('the patch must be a JSON object');
    else if (patchType === 'merge') result = mergePatch(current, patch);
    else result = strategicMerge(cloneJson(current), patch, kind);
    if (!isObject(result)) throw new PatchError('the patched document is not an object');
    return result;
  } catch (error) {
    if (error instanceof PatchError) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${error.message}`);
    throw error;
  }
}

export function patchObject(state: ServerState, type: ResourceType, namespace: string, name: string, patch: unknown, contentType: string, subresource = '', options: WriteOptions = {}): KubeObject {
  const patchType = patchTypeOf(contentType, type);
  const current = getObject(state, type, namespace, name);
  const patched = applyPatch(current, patch, patchType, type.kind);
  return updateObject(state, type, namespace, name, patched, subresource, options);
}
