// Fetches the live objects for a set of references, as raw JSON, following the
// plan of fetch-plan.ts. Every reference gets a result; one failure never
// affects objects it does not concern. With `onResult`, each result is handed
// over as soon as it is known (an object as its LIST page arrives) and not
// kept: the caller compares it and lets it go, so a run never holds all the
// live objects at once.
import { ClusterError } from '../../errors.js';
import type { ObjectRef } from '../result.js';
import type { ApiClient } from './api-client.js';
import type { Discovery } from './discovery.js';
import { planFetch, type FetchStep, type PlanThresholds, type WantedObject } from './fetch-plan.js';
import { collectionPath, httpError, listCollection, parseJson } from './list.js';
import { objectKey } from './object-key.js';

export type FetchResult = { object: Record<string, unknown> } | { notFound: true } | { error: ClusterError };

/** Called once per key with its final result. */
export type ResultSink = (key: string, result: FetchResult) => void;

/** Results by objectKey(ref); empty when `onResult` takes them instead. */
export async function fetchObjects(
  client: ApiClient,
  refs: readonly ObjectRef[],
  discovery: Discovery,
  thresholds?: PlanThresholds,
  onResult?: ResultSink,
): Promise<Map<string, FetchResult>> {
  const results = new Map<string, FetchResult>();
  const settle: ResultSink = onResult ?? ((key, result) => results.set(key, result));
  const seen = new Set<string>();
  const wanted: WantedObject[] = [];
  for (const ref of refs) {
    const key = objectKey(ref);
    if (seen.has(key)) continue; // the same object asked for twice
    seen.add(key);
    const resolved = resolve(ref, key, discovery);
    if ('error' in resolved) settle(key, resolved);
    else wanted.push(resolved);
  }
  await Promise.all(planFetch(wanted, thresholds).map((step) => runStep(client, step, settle)));
  return results;
}

function resolve(ref: ObjectRef, key: string, discovery: Discovery): WantedObject | { error: ClusterError } {
  const info = discovery.lookup(ref.apiVersion, ref.kind);
  if (!info) {
    const failed = discovery.groupVersionError(ref.apiVersion);
    if (failed) {
      return { error: new ClusterError(key, failed.status, `cannot check ${describeRef(ref)}: ${failed.message}`, { cause: failed, reason: 'discovery' }) };
    }
    return { error: new ClusterError(key, undefined, `no kind ${ref.kind} in group/version ${ref.apiVersion} is served`, { reason: 'unserved' }) };
  }
  if (info.namespaced && !ref.namespace) {
    return { error: new ClusterError(key, undefined, `${describeRef(ref)} is namespaced but has no namespace`, { reason: 'invalid' }) };
  }
  // A namespace on a cluster-scoped kind is ignored, as the API server does.
  return { key, ref: info.namespaced ? ref : { ...ref, namespace: undefined }, info };
}

async function runStep(client: ApiClient, step: FetchStep, settle: ResultSink): Promise<void> {
  switch (step.kind) {
    case 'get':
      settle(step.object.key, await getOne(client, step.object));
      return;
    case 'list':
      await listInto(client, step.objects, step.namespace, settle);
      return;
    case 'list-all-namespaces': {
      const fallback = await listInto(client, step.objects, undefined, settle, true);
      if (fallback) await Promise.all(step.fallback.map((s) => runStep(client, s, settle)));
    }
  }
}

async function getOne(client: ApiClient, object: WantedObject): Promise<FetchResult> {
  const path = `${collectionPath(object.info, object.ref.namespace)}/${encodeURIComponent(object.ref.name)}`;
  try {
    const response = await client.request('get', path, object.key);
    if (response.status === 404) return { notFound: true };
    if (response.status !== 200) return { error: httpError(object.key, `get ${describeRef(object.ref)}`, response) };
    return { object: parseJson(object.key, response) };
  } catch (err) {
    return { error: asClusterError(object.key, err) };
  }
}

/**
 * Lists the objects' collection and settles each wanted object as its page
 * arrives, then the rest as notFound (or as the error, when the list failed).
 * With `fallbackOn403`, a 403 before anything was settled settles nothing and
 * returns true so the caller can try narrower requests.
 */
async function listInto(
  client: ApiClient,
  objects: readonly WantedObject[],
  namespace: string | undefined,
  settle: ResultSink,
  fallbackOn403 = false,
): Promise<boolean> {
  const info = objects[0]!.info;
  const byName = new Map(objects.map((o) => [`${o.ref.namespace ?? ''}/${o.ref.name}`, o]));
  // An expired continue token restarts the list: what was settled stays settled.
  const settled = new Set<string>();
  const what = `${info.resource}${info.group ? `.${info.group}` : ''}${namespace !== undefined ? ` in namespace ${namespace}` : ''}`;
  try {
    await listCollection(client, info, namespace, what, (item) => {
      const meta = (item.metadata ?? {}) as { namespace?: string; name?: string };
      const object = byName.get(`${info.namespaced ? (meta.namespace ?? '') : ''}/${meta.name ?? ''}`);
      if (object && !settled.has(object.key)) {
        settled.add(object.key);
        settle(object.key, { object: item });
      }
    });
  } catch (err) {
    const error = asClusterError(what, err);
    if (fallbackOn403 && error.status === 403 && settled.size === 0) return true;
    for (const o of objects) {
      if (settled.has(o.key)) continue;
      settle(o.key, {
        error: new ClusterError(o.key, error.status, `cannot check ${describeRef(o.ref)}: ${error.message}`, { cause: error, reason: error.reason }),
      });
    }
    return false;
  }
  for (const o of objects) if (!settled.has(o.key)) settle(o.key, { notFound: true });
  return false;
}

function asClusterError(key: string, err: unknown): ClusterError {
  if (err instanceof ClusterError) return err.object === key ? err : new ClusterError(key, err.status, err.message, { cause: err, reason: err.reason });
  return new ClusterError(key, undefined, `unexpected failure: ${(err as Error)?.message ?? String(err)}`, { cause: err, reason: 'internal' });
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} (${ref.apiVersion})`;
}
