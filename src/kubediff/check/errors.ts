// Turns what went wrong into CheckErrors, the data every output shows: the
// cluster layer's ClusterErrors, a bad kubeconfig, a cancelled run.
import { ClusterError, ConfigError } from '../../errors.js';
import type { CheckError, CheckErrorKind, ObjectRef } from '../result.js';

export function clusterCheckError(error: ClusterError, object?: ObjectRef): CheckError {
  return {
    kind: kindOf(error),
    message: `${error.message}${whatToDo(error)}`,
    ...(object ? { object } : {}),
    ...(error.status === undefined ? {} : { status: error.status }),
  };
}

// What a person can do about a refused request: the API server's own words say what, not how.
function whatToDo(error: ClusterError): string {
  if (error.status === 401) return ": the API server did not accept the kubeconfig user's credentials (expired token or certificate?)";
  if (error.status === 403) return ': kubediff needs get and list on every kind it checks: grant them to this user (k8s/rbac.yaml is the read-only ClusterRole)';
  if (error.reason === 'unreachable') return ' (is the cluster up, and is the server address of the kubeconfig context right?)';
  if (error.reason === 'tls') return " (does the kubeconfig cluster's certificate-authority match the server's certificate?)";
  return '';
}

function kindOf(error: ClusterError): CheckErrorKind {
  if (error.status === 401 || error.status === 403 || error.reason === 'forbidden') return 'forbidden';
  if (error.reason === 'unserved') return 'unserved';
  if (error.reason === 'aborted') return 'aborted';
  return 'cluster';
}

/** Anything thrown by a whole-run step (config, discovery), as one CheckError. */
export function runCheckError(error: unknown, signal: AbortSignal | undefined): CheckError {
  if (signal?.aborted) return abortedError(signal);
  if (error instanceof ClusterError) return clusterCheckError(error);
  if (error instanceof ConfigError) return { kind: 'cluster', message: `cannot use the cluster configuration: ${error.message}` };
  return { kind: 'cluster', message: `unexpected failure: ${error instanceof Error ? error.message : String(error)}` };
}

export function abortedError(signal: AbortSignal): CheckError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted';
  return { kind: 'aborted', message: `the check was cancelled before it finished: ${why}` };
}
