// One object's result: an error when it could not be read, missing when the
// cluster does not have it, else drifted or in sync by the comparison.
import type { FetchResult } from '../cluster/index.js';
import { compareObject, renderMissingDiff, type CompareContext } from '../compare/compare.js';
import { isMap } from '../compare/values.js';
import { identityProblem } from '../identity/index.js';
import { ignoreFor, type IgnoreRules } from '../ignore/index.js';
import type { CheckError, ObjectResult } from '../result.js';
import type { KindSchemas } from '../schema/index.js';
import { clusterCheckError } from './errors.js';
import { desiredObject, type Placed } from './resolve.js';

/** What every object's comparison shares in a run. */
export interface CompareOptions {
  readonly schemas?: KindSchemas;
  readonly roles?: CompareContext['roles'];
  /** The ignore file's rules; each object gets those that match it (by the labels git gives it). */
  readonly ignoreRules?: IgnoreRules;
}

/** `found`: what the cluster layer gave for the object (undefined: nothing, an error). */
export function compareOne(item: Placed, found: FetchResult | undefined, hpaTargets: ReadonlySet<string>, options: CompareOptions = {}): ObjectResult {
  const base = { ref: item.ref, source: item.source, differences: [], suppressed: [] };
  if (item.error) return { ...base, state: 'error', error: item.error };
  if (!found || 'error' in found) {
    const error: CheckError = found
      ? clusterCheckError(found.error, item.ref)
      : { kind: 'cluster', message: 'the cluster layer returned nothing for this object', object: item.ref };
    return { ...base, state: 'error', error };
  }
  try {
    if ('notFound' in found) return { ...base, state: 'missing', diff: renderMissingDiff(desiredObject(item)) };
    const other = identityProblem(found.object, item.ref);
    if (other) return { ...base, state: 'error', error: { kind: 'cluster', message: other, object: item.ref } };
    const schema = options.schemas?.forKind(item.ref.apiVersion, item.ref.kind);
    const desired = desiredObject(item);
    const labels = isMap(desired.metadata) && isMap(desired.metadata.labels) ? desired.metadata.labels : {};
    const ignore = ignoreFor(options.ignoreRules, item.ref, labels);
    const context: CompareContext = {
      hpaTargeted: hpaTargets.has(item.key),
      ...(schema ? { schema } : {}),
      ...(options.roles ? { roles: options.roles } : {}),
      ...(ignore ? { ignore } : {}),
    };
    const comparison = compareObject(desired, found.object, context);
    const drifted = comparison.differences.length > 0;
    return {
      ...base,
      state: drifted ? 'drifted' : 'in-sync',
      differences: comparison.differences,
      suppressed: comparison.suppressed,
      ...(drifted ? { diff: comparison.diff } : {}),
      ...(comparison.unreadableManagedFields ? { unreadableManagedFields: comparison.unreadableManagedFields } : {}),
      ...(comparison.handEdited ? { handEdited: true as const } : {}),
    };
  } catch (error) {
    // A bug in one comparison must not cost the other objects their result.
    const message = `could not compare this object: ${error instanceof Error ? error.message : String(error)}`;
    return { ...base, state: 'error', error: { kind: 'cluster', message, object: item.ref } };
  }
}
