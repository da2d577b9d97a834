// The ClusterRole aggregation controller: a ClusterRole with an aggregationRule
// gets, as its rules, the rules of every ClusterRole its selectors match.
import { jsonEqual } from './json.js';
import { ResourceRegistry } from './registry.js';
import { selectorMatches } from './selectors.js';
import type { ServerState } from './state.js';
import { isObject, type KubeObject } from './types.js';

const CLUSTER_ROLES = ResourceRegistry.storageKey({ group: 'rbac.authorization.k8s.io', resource: 'clusterroles' });

function labelsOf(role: KubeObject): Record<string, unknown> {
  const metadata = role.metadata as KubeObject;
  return isObject(metadata.labels) ? metadata.labels : {};
}

/** Recomputes every aggregated ClusterRole; run after any ClusterRole changes. */
export function aggregateClusterRoles(state: ServerState): void {
  const roles = state.store.list(CLUSTER_ROLES);
  for (const role of roles) {
    if (!isObject(role.aggregationRule)) continue;
    const selectors = Array.isArray(role.aggregationRule.clusterRoleSelectors) ? role.aggregationRule.clusterRoleSelectors : [];
    const rules: unknown[] = [];
    for (const other of roles) {
      if (other === role || !selectors.some((selector) => selectorMatches(selector, labelsOf(other)))) continue;
      for (const rule of Array.isArray(other.rules) ? other.rules : []) if (!rules.some((r) => jsonEqual(r, rule))) rules.push(rule);
    }
    const aggregated = rules.length > 0 ? rules : null;
    if (jsonEqual(role.rules ?? null, aggregated)) continue;
    const revision = state.store.nextRevision();
    const metadata = { ...(role.metadata as KubeObject), resourceVersion: String(revision) };
    const name = String((role.metadata as KubeObject).name);
    state.store.put(CLUSTER_ROLES, '', name, { ...role, metadata, rules: aggregated }, revision);
  }
}
