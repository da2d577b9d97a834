// Decides how to fetch the wanted objects with few requests. The cost rule,
// counted in requests (a LIST page costs about as much as a GET on the server
// side, and far less than many GETs):
//
//   - per type and namespace (or per cluster-scoped type), c wanted objects
//     cost c GETs, or one LIST (plus a page per 500 objects): LIST when
//     c >= listMinObjects, else GETs;
//   - a namespaced type that needs LISTs in allNamespacesMin or more namespaces
//     is fetched with one LIST across all namespaces instead (and falls back to
//     the per-namespace plan if that is forbidden, e.g. RBAC granted per namespace).
import type { ObjectRef } from '../result.js';
import type { ResourceInfo } from './discovery.js';

export interface PlanThresholds {
  readonly listMinObjects: number;
  readonly allNamespacesMin: number;
}

export const DEFAULT_THRESHOLDS: PlanThresholds = { listMinObjects: 3, allNamespacesMin: 5 };

export interface WantedObject {
  readonly key: string;
  readonly ref: ObjectRef;
  readonly info: ResourceInfo;
}

export type FetchStep =
  | { readonly kind: 'get'; readonly object: WantedObject }
  /** namespace undefined: the whole type (cluster-scoped, or across all namespaces). */
  | { readonly kind: 'list'; readonly info: ResourceInfo; readonly namespace: string | undefined; readonly objects: readonly WantedObject[] }
  | { readonly kind: 'list-all-namespaces'; readonly info: ResourceInfo; readonly objects: readonly WantedObject[]; readonly fallback: readonly FetchStep[] };

export function planFetch(wanted: readonly WantedObject[], thresholds: PlanThresholds = DEFAULT_THRESHOLDS): FetchStep[] {
  const byType = groupBy(wanted, (w) => `${w.info.group}/${w.info.version}/${w.info.resource}`);
  const steps: FetchStep[] = [];
  for (const objects of byType.values()) {
    const info = objects[0]!.info;
    if (!info.namespaced) {
      steps.push(...perScope(info, undefined, objects, thresholds));
      continue;
    }
    const byNamespace = groupBy(objects, (w) => w.ref.namespace ?? '');
    const perNamespace = [...byNamespace.entries()].flatMap(([ns, objs]) => perScope(info, ns, objs, thresholds));
    const lists = perNamespace.filter((s) => s.kind === 'list').length;
    if (lists >= thresholds.allNamespacesMin) {
      steps.push({ kind: 'list-all-namespaces', info, objects, fallback: perNamespace });
    } else {
      steps.push(...perNamespace);
    }
  }
  return steps;
}

function perScope(info: ResourceInfo, namespace: string | undefined, objects: WantedObject[], t: PlanThresholds): FetchStep[] {
  if (objects.length >= t.listMinObjects && (info.verbs.length === 0 || info.verbs.includes('list'))) {
    return [{ kind: 'list', info, namespace, objects }];
  }
  return objects.map((object) => ({ kind: 'get', object }));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
