// The comparison engine's public surface: one object in git against the same
// object live. An object has drifted when applying its manifest would change
// the live object; see PRODUCT.md and FALSE-POSITIVES.md for the rules.

import { objectOwnership, roleDecider, type Role } from '../ownership/index.js';
import type { ManagedEntry } from '../ownership/entries.js';
import type { ObjectIgnore } from '../ignore/index.js';
import type { Difference } from '../result.js';
import type { SchemaNode } from '../schema/index.js';
import { normalizeObject } from './normalize.js';
import { type WalkState } from './report.js';
import { rootSite } from './site.js';
import { maskSecretProjection, objectLabel, renderUnifiedDiff } from './unified-diff.js';
import { isEmptyValue, isMap, type JsonMap } from './values.js';
import { compareMap } from './walk.js';

export { maskObject } from './mask.js';
export { renderMissingDiff } from './unified-diff.js';
export { COMPARE_RULES, explainRule, type CompareRule, type RuleId } from './rules.js';

export interface CompareContext {
  /** A HorizontalPodAutoscaler in the cluster targets this object: its spec.replicas is not drift. */
  readonly hpaTargeted: boolean;
  /** The kind's schema from the cluster's OpenAPI v3, when known. */
  readonly schema?: SchemaNode;
  /** The role of each managedFields entry (applier, interactive, other); default: roleDecider({}). */
  readonly roles?: (entry: ManagedEntry) => Role;
  /** The ignore file's rules that apply to this object: the differences they hide are suppressed. */
  readonly ignore?: ObjectIgnore;
}

const DEFAULT_ROLES = roleDecider({});

export interface ObjectComparison {
  /** Drift: empty when the object is in sync. */
  readonly differences: Difference[];
  /** Differences a rule explains away, each with its `rule`. */
  readonly suppressed: Difference[];
  /** Unified diff of live (projected onto what git owns) and git, masked; '' when in sync. */
  readonly diff: string;
  /** managedFields entries that could not be read (who owns what is partly unknown); absent when none. */
  readonly unreadableManagedFields?: number;
  /** Some drift was made by hand (an interactive field manager changed it); absent otherwise. */
  readonly handEdited?: true;
}

/**
 * Compares an object as in git (parsed as kubectl reads YAML) with the same
 * object as the API server returned it (raw JSON). Secret values never appear
 * in the result.
 */
export function compareObject(
  desired: Record<string, unknown>,
  live: Record<string, unknown>,
  context: CompareContext,
): ObjectComparison {
  const want = normalizeObject(desired);
  const have = normalizeObject(live);
  const kind = typeof desired.kind === 'string' ? desired.kind : '';
  const { owned, unreadable } = objectOwnership(live, have, kind, context.roles ?? DEFAULT_ROLES);
  const state: WalkState = {
    kind,
    hpaTargeted: context.hpaTargeted,
    secret: kind === 'Secret',
    aggregated: kind === 'ClusterRole' && isMap(want.aggregationRule) && !isEmptyValue(want.aggregationRule),
    project: false,
    differences: [],
    suppressed: [],
    handEdited: false,
    ...(context.ignore ? { ignore: context.ignore } : {}),
  };
  const root = rootSite(context.schema);
  compareMap(want, have, owned, root, state);
  const unreadableManagedFields = unreadable > 0 ? { unreadableManagedFields: unreadable } : {};
  if (state.differences.length === 0) return { differences: [], suppressed: state.suppressed, diff: '', ...unreadableManagedFields };

  // Drifted: walk again, this time building both sides of the diff.
  const projection = compareMap(want, have, owned, root, { ...state, project: true, differences: [], suppressed: [], handEdited: false });
  const sides = state.secret ? maskSecretProjection(projection?.git, projection?.live) : projection;
  const diff = renderUnifiedDiff(objectLabel(desired, live), identity(want, sides?.git), identity(want, sides?.live));
  return { differences: state.differences, suppressed: state.suppressed, diff, ...unreadableManagedFields, ...(state.handEdited ? { handEdited: true as const } : {}) };
}

// apiVersion and kind are not compared, but a diff reads better with them on top.
function identity(want: JsonMap, side: unknown): unknown {
  if (!isMap(side)) return side;
  return { apiVersion: want.apiVersion, kind: want.kind, ...side };
}
