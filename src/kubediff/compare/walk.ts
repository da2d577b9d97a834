// The walk over git (want), live (have) and ownership (owned: what git owned,
// who changed what) at the same place. Only what git holds is compared; what is
// live but not in git is drift only where ownership says so (owned.ts).

import { isIdentityField, isIgnoredField, isLiteralMap } from './fields.js';
import { keepsZeroValue } from './kept-zero-fields.js';
import { compareList, liveOnlyList } from './lists.js';
import type { LiveOnlyVerdict, Owned } from './owned.js';
import { findingProjection, report, type Projection, type WalkState } from './report.js';
import { compareScalars } from './scalars.js';
import { isPlaceholderCaBundle, isPrunedField, isSchemaDefault } from './schema-rules.js';
import { fieldSite, type Site } from './site.js';
import { isDeepEmpty, isEmptyValue, isMap, isScalar, setOwn, type JsonMap } from './values.js';

const NOTHING: Projection = { git: undefined, live: undefined };

/** Compares a value git holds with the live one; `literal`: an empty string is a value, not absence. */
export function compareValue(
  want: unknown,
  have: unknown,
  owned: Owned | undefined,
  site: Site,
  state: WalkState,
  literal: boolean,
): Projection | undefined {
  // `x: null` and (outside labels and the like) `x: ""` say nothing; the server drops them.
  if (want === null || want === undefined || (want === '' && !literal)) return liveOnly(have, owned, site, state);
  const ruled = schemaRule(want, have, site, state);
  if (ruled) return ruled.projection;

  if (isMap(want)) {
    if (isMap(have)) return compareMap(want, have, owned, site, state);
    if (isEmptyValue(have) && isDeepEmpty(want)) return state.project ? { git: want, live: want } : undefined;
    return mismatch(want, have, owned, site, state);
  }
  if (Array.isArray(want)) {
    if (Array.isArray(have)) return compareList(want, have, owned, site, state);
    if (isEmptyValue(have) && want.length === 0) return state.project ? { git: want, live: want } : undefined;
    return mismatch(want, have, owned, site, state);
  }
  if (have === undefined || have === null || (have === '' && !literal)) {
    // The server drops false and 0 of plain omitempty fields, so absent live is
    // the same value (recorded, so it can be explained); pointer fields keep them.
    if (!literal && (want === false || want === 0) && !keepsZeroValue(site)) {
      const absent = have === undefined || have === null;
      report(state, site, absent ? { kind: 'missing-live', want } : { kind: 'changed', want, have }, { rule: 'zero-value', owned });
      return state.project ? { git: want, live: want } : undefined;
    }
    return mismatch(want, have, owned, site, state);
  }
  if (!isScalar(have)) return mismatch(want, have, owned, site, state);

  const outcome = compareScalars(want, have, site);
  if (outcome === 'equal') return state.project ? { git: want, live: have } : undefined;
  if (outcome === 'changed') return mismatch(want, have, owned, site, state);
  report(state, site, { kind: 'changed', want, have }, { rule: outcome, owned });
  return state.project ? { git: want, live: want } : undefined;
}

/**
 * Values a rule settles before comparing: a field the server prunes (never
 * live, so applying changes nothing), git's value equal to the schema default
 * against nothing live, a placeholder caBundle (an injector fills it in).
 */
function schemaRule(want: unknown, have: unknown, site: Site, state: WalkState): { projection: Projection | undefined } | undefined {
  if (isPrunedField(site, want, have)) {
    report(state, site, { kind: 'missing-live', want }, 'pruned');
    return { projection: state.project ? NOTHING : undefined };
  }
  if (isSchemaDefault(site, want, have)) {
    report(state, site, { kind: 'missing-live', want }, 'schema-default');
    return { projection: state.project ? { git: want, live: want } : undefined };
  }
  if (isPlaceholderCaBundle(state.kind, site, want)) {
    if (!isEmptyValue(have) && have !== want) report(state, site, { kind: 'changed', want, have }, 'ca-bundle');
    return { projection: state.project ? { git: want, live: want } : undefined };
  }
  return undefined;
}

/** A value in git that is absent live or of another shape. */
function mismatch(want: unknown, have: unknown, owned: Owned | undefined, site: Site, state: WalkState): Projection | undefined {
  const absent = have === undefined || have === null;
  const drift = report(state, site, absent ? { kind: 'missing-live', want } : { kind: 'changed', want, have }, { owned });
  return state.project ? findingProjection(drift, want, absent ? undefined : have) : undefined;
}

export function compareMap(
  want: JsonMap,
  have: JsonMap,
  owned: Owned | undefined,
  site: Site,
  state: WalkState,
): Projection | undefined {
  const literal = isLiteralMap(state.kind, site);
  const git: JsonMap | undefined = state.project ? {} : undefined;
  const live: JsonMap | undefined = state.project ? {} : undefined;
  for (const key in want) {
    if (isIgnoredField(site, key, want)) continue;
    // Own keys only: a key live lacks is absent, not Object.prototype's (constructor, toString, __proto__ are keys like any other in data).
    const child = compareValue(want[key], Object.hasOwn(have, key) ? have[key] : undefined, owned?.field(key), fieldSite(site, key), state, literal);
    if (child && git && live) assign(git, live, key, child);
  }
  if (owned === undefined) return git && { git, live };
  for (const key in have) {
    if (Object.hasOwn(want, key) || isIgnoredField(site, key, have)) continue;
    const ownedChild = owned.field(key);
    if (ownedChild === undefined) continue;
    const child = liveOnly(have[key], ownedChild, fieldSite(site, key), state);
    if (child && git && live) assign(git, live, key, child);
  }
  return git && { git, live };
}

function assign(git: JsonMap, live: JsonMap, key: string, child: Projection): void {
  if (child.git !== undefined) setOwn(git, key, child.git);
  if (child.live !== undefined) setOwn(live, key, child.live);
}

/**
 * A value live that git does not hold: drift where ownership says git owned it
 * and applying would remove it, or only interactive managers changed it; what
 * the server or other controllers added is not.
 */
export function liveOnly(have: unknown, owned: Owned | undefined, site: Site, state: WalkState): Projection | undefined {
  if (owned === undefined || isEmptyValue(have) || isIdentityField(site)) return state.project ? NOTHING : undefined;
  const verdict = owned.liveOnly(have, site);
  if (verdict === undefined) return state.project ? NOTHING : undefined;
  if (verdict.byParts && isMap(have)) {
    const live: JsonMap | undefined = state.project ? {} : undefined;
    for (const key in have) {
      if (isIgnoredField(site, key, have)) continue;
      const child = liveOnly(have[key], owned.field(key), fieldSite(site, key), state);
      if (live && child?.live !== undefined) setOwn(live, key, child.live);
    }
    return live && { git: undefined, live: Object.keys(live).length > 0 ? live : undefined };
  }
  if (verdict.byParts && Array.isArray(have)) return liveOnlyList(have, owned, verdict, site, state);
  return liveOnlyWhole(have, owned, verdict, site, state);
}

/** Reports a value live but not in git as a whole. */
export function liveOnlyWhole(have: unknown, owned: Owned | undefined, verdict: LiveOnlyVerdict | undefined, site: Site, state: WalkState): Projection | undefined {
  const drift = report(state, site, { kind: 'unexpected-live', have }, { owned, ...(verdict ? { verdict } : {}) });
  return state.project ? findingProjection(drift, undefined, have) : undefined;
}
