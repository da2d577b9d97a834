// Is the object the API server returned the one that was asked for? A proxy's
// page, a misrouted request or a buggy aggregated API can answer 200 with
// another object; compared anyway, it would be reported as drift.
import type { ObjectRef } from '../result.js';
import { quoteName } from './quote.js';

/** What differs between the answer and the reference (kind, apiVersion, name, namespace), or undefined when it is the object. */
export function identityProblem(object: Record<string, unknown>, ref: ObjectRef): string | undefined {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  const mismatches = [
    mismatch('kind', object.kind, ref.kind),
    mismatch('apiVersion', object.apiVersion, ref.apiVersion),
    mismatch('metadata.name', metadata.name, ref.name),
    mismatch('metadata.namespace', namespace, ref.namespace),
  ].filter((m): m is string => m !== undefined);
  if (mismatches.length === 0) return undefined;
  return `the API server answered with another object (${mismatches.join(', ')}); it was not compared: is a proxy or an aggregated API server answering for this path?`;
}

function mismatch(field: string, got: unknown, want: string | undefined): string | undefined {
  if (got === want) return undefined;
  return `${field} ${shown(got)} instead of ${shown(want)}`;
}

function shown(value: unknown): string {
  if (value === undefined) return 'absent';
  if (typeof value === 'string') return quoteName(value);
  return `a ${Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
