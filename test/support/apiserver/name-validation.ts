// metadata.name as kube-apiserver validates it on create, per kind: most kinds
// (and custom resources) take DNS-1123 subdomains, Namespaces labels, Services
// RFC 1035 labels, RBAC kinds any URL path segment (ValidateRBACName is
// path.IsValidPathSegmentName). Written apart from the checker's own rules so
// that each tests the other. Returns kube-apiserver's message, or undefined.
import type { ResourceType } from './types.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export function nameValidationMessage(type: Pick<ResourceType, 'group' | 'kind'>, name: string): string | undefined {
  const segment = name === '.' || name === '..' ? `may not be '${name}'` : /[/%]/.test(name) ? `may not contain '${name.includes('/') ? '/' : '%'}'` : undefined;
  if (segment) return `Invalid value: "${name}": ${segment}`;
  if (type.group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(type.kind)) return undefined;
  if (type.group === '' && type.kind === 'Namespace') return label(name, LABEL, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character');
  if (type.group === '' && type.kind === 'Service') return label(name, LABEL_1035, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
  if (name.length > 253) return `Invalid value: "${name}": must be no more than 253 characters`;
  if (!SUBDOMAIN.test(name)) {
    return `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

function label(name: string, pattern: RegExp, rule: string): string | undefined {
  if (name.length > 63) return `Invalid value: "${name}": must be no more than 63 characters`;
  return pattern.test(name) ? undefined : `Invalid value: "${name}": ${rule}`;
}
