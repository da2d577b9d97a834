// Which `false` and `0` values the API server keeps. The server drops a Go
// field that is a plain bool or integer with omitempty (PodSpec.hostNetwork,
// Container.tty, Deployment.paused, minReadySeconds, a probe's periodSeconds)
// when it is false or 0, so git's `false`/`0` against nothing live is the same
// value. A pointer field (*bool, *int32, *int64) keeps false and 0: nothing
// live there means someone removed it (`kubectl edit`), and applying would set
// it again, so that is drift. Several are security settings.
//
// Only fields known to be pointers in every built-in type that has them are
// listed (k8s.io/api core/v1, apps/v1, batch/v1), so that the list never makes
// a false alarm. A name that is a pointer in one type and a plain value in
// another (PodSecurityPolicy's `privileged` and `readOnlyRootFilesystem`, the
// `readOnly` of volumes) is listed under its parent only, or not at all. Fields
// that only exist behind a feature gate the server may have off (it would drop
// them whatever their value) are left out too (`hostUsers`). Custom resources
// are stored as JSON and keep false and 0 in every field, so matching one of
// these names in a custom resource never hides drift either.

import type { Site } from './site.js';

/** Fields of a container's SecurityContext and of a PodSecurityContext; all pointers in both. */
const SECURITY_CONTEXT_POINTERS = new Set([
  'allowPrivilegeEscalation',
  'privileged',
  'readOnlyRootFilesystem',
  'runAsNonRoot',
  'runAsUser',
  'runAsGroup',
  'fsGroup',
]);

/** Pointer fields whose name is a pointer wherever it appears in a built-in kind. */
const POINTERS_ANYWHERE = new Set([
  'automountServiceAccountToken', // PodSpec, ServiceAccount
  'enableServiceLinks', // PodSpec
  'shareProcessNamespace', // PodSpec
  'setHostnameAsFQDN', // PodSpec
  'terminationGracePeriodSeconds', // PodSpec, Probe
  'activeDeadlineSeconds', // PodSpec, JobSpec
  'suspend', // JobSpec, CronJobSpec
  'parallelism', // JobSpec
  'completions', // JobSpec
  'backoffLimit', // JobSpec
  'ttlSecondsAfterFinished', // JobSpec
  'startingDeadlineSeconds', // CronJobSpec
  'successfulJobsHistoryLimit', // CronJobSpec
  'failedJobsHistoryLimit', // CronJobSpec
  'revisionHistoryLimit', // Deployment, StatefulSet, DaemonSet
  'progressDeadlineSeconds', // Deployment
  'defaultMode', // ConfigMap, Secret, projected and downwardAPI volumes
  'optional', // ConfigMap and Secret key selectors, env sources, volumes, projections
  'immutable', // ConfigMap, Secret
]);

/**
 * Whether the field at `site` is a pointer the API server keeps when it is
 * `false` or `0`, so that git's `false`/`0` against nothing live is drift.
 */
export function keepsZeroValue(site: Site): boolean {
  if (site.parentKey === 'securityContext' && SECURITY_CONTEXT_POINTERS.has(site.key)) return true;
  // Deployment, StatefulSet, ReplicaSet, ReplicationController: *int32 (0 scales the workload down).
  if (site.path === '.spec.replicas') return true;
  return POINTERS_ANYWHERE.has(site.key);
}
