// Who is asking (bearer tokens to users and groups) and whether they may
// (always, or by the RBAC objects stored in the server, as kube-apiserver's
// RBAC authorizer decides).
import { ResourceRegistry } from './registry.js';
import type { RequestInfo } from './request-info.js';
import type { ServerState } from './state.js';
import { isObject, type KubeObject } from './types.js';

export interface Identity {
  user: string;
  groups: string[];
}

/** A token the server accepts, and who it stands for. */
export interface TokenUser {
  token: string;
  user: string;
  groups?: string[];
}

export const ANONYMOUS: Identity = { user: 'system:anonymous', groups: ['system:unauthenticated'] };
export const ADMIN_USER = 'kubernetes-admin';

/** The identity of a service account token, with the groups the API server gives it. */
export function serviceAccountUser(namespace: string, name: string, token: string): TokenUser {
  return { token, user: `system:serviceaccount:${namespace}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`] };
}

export function identityOf(tokenUser: TokenUser): Identity {
  return { user: tokenUser.user, groups: [...(tokenUser.groups ?? []), 'system:authenticated'] };
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function subjectMatches(subject: unknown, identity: Identity): boolean {
  if (!isObject(subject)) return false;
  if (subject.kind === 'User') return subject.name === identity.user;
  if (subject.kind === 'Group') return identity.groups.includes(String(subject.name));
  if (subject.kind === 'ServiceAccount') return identity.user === `system:serviceaccount:${String(subject.namespace)}:${String(subject.name)}`;
  return false;
}

function ruleAllows(rule: unknown, info: RequestInfo): boolean {
  if (!isObject(rule)) return false;
  const verbs = list(rule.verbs);
  if (!verbs.includes('*') && !verbs.includes(info.verb)) return false;
  if (!info.isResourceRequest) {
    return list(rule.nonResourceURLs).some((url) => url === '*' || url === info.path || (url.endsWith('*') && info.path.startsWith(url.slice(0, -1))));
  }
  const groups = list(rule.apiGroups);
  if (!groups.includes('*') && !groups.includes(info.group)) return false;
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  const resources = list(rule.resources);
  if (!resources.some((r) => r === '*' || r === resource || (info.subresource && r === `*/${info.subresource}`))) return false;
  const names = list(rule.resourceNames);
  return names.length === 0 || (info.name !== '' && names.includes(info.name));
}

function stored(state: ServerState, resource: string, namespace: string, name: string): KubeObject | undefined {
  return state.store.get(ResourceRegistry.storageKey({ group: 'rbac.authorization.k8s.io', resource }), namespace, name);
}

function rulesOf(state: ServerState, roleRef: unknown, namespace: string): unknown[] {
  if (!isObject(roleRef)) return [];
  const role = roleRef.kind === 'ClusterRole' ? stored(state, 'clusterroles', '', String(roleRef.name)) : stored(state, 'roles', namespace, String(roleRef.name));
  return Array.isArray(role?.rules) ? role.rules : [];
}

/** RBAC: allowed when a (Cluster)RoleBinding for the identity grants a matching rule; system:masters may do anything. */
export function rbacAllows(state: ServerState, identity: Identity, info: RequestInfo): boolean {
  if (identity.groups.includes('system:masters')) return true;
  const bindings: Array<{ binding: KubeObject; namespace: string }> = [
    ...state.store.list(ResourceRegistry.storageKey({ group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' })).map((binding) => ({ binding, namespace: '' })),
    ...(info.namespace
      ? state.store.list(ResourceRegistry.storageKey({ group: 'rbac.authorization.k8s.io', resource: 'rolebindings' }), info.namespace).map((binding) => ({ binding, namespace: info.namespace }))
      : []),
  ];
  return bindings.some(({ binding, namespace }) => {
    const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
    return subjects.some((s) => subjectMatches(s, identity)) && rulesOf(state, binding.roleRef, namespace).some((rule) => ruleAllows(rule, info));
  });
}
