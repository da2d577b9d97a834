// Which name format each kind's API server validation uses. Read from
// Kubernetes' own validation (pkg/apis/*/validation and apiextensions'
// custom resource validator): most kinds, custom resources included, take DNS
// subdomains; a few kinds take something stricter or looser.
import { groupOf } from '../cluster/object-key.js';
import type { NameRule } from './name-rules.js';

const SUBDOMAIN: NameRule = { format: 'dns-subdomain' };
const PATH_SEGMENT: NameRule = { format: 'path-segment' };

/** `group/Kind` -> rule, for the kinds that differ from the subdomain default. */
const EXCEPTIONS: ReadonlyMap<string, NameRule> = new Map([
  // core: ValidateNamespaceName is a DNS label, ValidateServiceName an RFC 1035 label.
  ['/Namespace', { format: 'dns-label' }],
  ['/Service', { format: 'dns-1035-label' }],
  // rbac: "minimal name requirements", as OpenShift has them (names like system:controller:x).
  ['rbac.authorization.k8s.io/Role', PATH_SEGMENT],
  ['rbac.authorization.k8s.io/ClusterRole', PATH_SEGMENT],
  ['rbac.authorization.k8s.io/RoleBinding', PATH_SEGMENT],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', PATH_SEGMENT],
  // APIService names are `<version>.<group>`, checked against the spec, else only the minimum.
  ['apiregistration.k8s.io/APIService', PATH_SEGMENT],
  ['certificates.k8s.io/CertificateSigningRequest', PATH_SEGMENT],
  ['flowcontrol.apiserver.k8s.io/FlowSchema', PATH_SEGMENT],
  ['flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', PATH_SEGMENT],
  // The names of a CronJob's Jobs append 11 characters and must stay a 63-character label.
  ['batch/CronJob', { format: 'dns-subdomain', maxLength: 52 }],
  ['storage.k8s.io/CSIDriver', { format: 'dns-subdomain', maxLength: 63, anyCase: true }],
]);

/**
 * The rule for names of `kind` in `apiVersion`. Groups of OpenShift's
 * aggregated API servers validate names as RBAC does (identities are
 * `provider:user`), so they get the minimum only.
 */
export function nameRuleFor(apiVersion: string, kind: string): NameRule {
  const group = groupOf(apiVersion);
  const exception = EXCEPTIONS.get(`${group}/${kind}`);
  if (exception) return exception;
  if (group === 'openshift.io' || group.endsWith('.openshift.io')) return PATH_SEGMENT;
  return SUBDOMAIN;
}

/** metadata.namespace of a namespaced object: a DNS label, as ValidateNamespaceName has it. */
export const NAMESPACE_RULE: NameRule = { format: 'dns-label' };
