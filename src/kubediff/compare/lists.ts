// Lists: keyed lists matched by merge key whatever the order, atomic lists
// compared in order (lists of plain scalars through the deep-diff adapter).

import { diffValues } from './diff-adapter.js';
import { indexByKey, listStrategy, type ListStrategy } from './merge-keys.js';
import type { LiveOnlyVerdict, Owned } from './owned.js';
import { findingProjection, report, type Projection, type WalkState } from './report.js';
import { itemSite, type Site } from './site.js';
import { isDeepEmpty, isScalar } from './values.js';
import { compareValue, liveOnly, liveOnlyWhole } from './walk.js';

const ATOMIC: ListStrategy = { type: 'atomic' };

export function compareList(
  want: unknown[],
  have: unknown[],
  owned: Owned | undefined,
  site: Site,
  state: WalkState,
): Projection | undefined {
  const strategy = listStrategy(state.kind, site);
  if (strategy.type !== 'atomic') {
    const wantByKey = indexByKey(want, strategy);
    const haveByKey = wantByKey && indexByKey(have, strategy);
    if (wantByKey && haveByKey) return compareKeyed(wantByKey, haveByKey, owned, strategy, site, state);
  }
  return compareAtomic(want, have, owned, site, state);
}

function compareKeyed(
  want: Map<string, unknown>,
  have: Map<string, unknown>,
  owned: Owned | undefined,
  strategy: ListStrategy,
  site: Site,
  state: WalkState,
): Projection | undefined {
  const git: unknown[] | undefined = state.project ? [] : undefined;
  const live: unknown[] | undefined = state.project ? [] : undefined;
  let index = 0;
  for (const [key, wantItem] of want) {
    const haveItem = have.get(key);
    const child =
      haveItem === undefined
        ? missingItem(wantItem, itemSite(site, key), state)
        : compareValue(wantItem, haveItem, owned?.item(haveItem, index, strategy), itemSite(site, key), state, false);
    if (child && git && live) push(git, live, child);
    index++;
  }
  const isSet = strategy.type === 'keyed' && strategy.set;
  index = 0;
  for (const [key, haveItem] of have) {
    const at = index++;
    if (want.has(key)) continue;
    if (isSet) {
      // Applying replaces a set whole: any item it does not hold goes.
      const drift = report(state, itemSite(site, key), { kind: 'unexpected-live', have: haveItem }, { owned: owned?.item(haveItem, at, strategy) });
      if (drift && live) live.push(haveItem);
      continue;
    }
    const child = liveOnly(haveItem, owned?.item(haveItem, at, strategy), itemSite(site, key), state);
    if (child?.live !== undefined && live) live.push(child.live);
  }
  return git && { git, live };
}

function missingItem(wantItem: unknown, site: Site, state: WalkState): Projection | undefined {
  if (isDeepEmpty(wantItem)) return state.project ? { git: wantItem, live: wantItem } : undefined;
  const drift = report(state, site, { kind: 'missing-live', want: wantItem });
  return state.project ? findingProjection(drift, wantItem, undefined) : undefined;
}

function push(git: unknown[], live: unknown[], child: Projection): void {
  if (child.git !== undefined) git.push(child.git);
  if (child.live !== undefined) live.push(child.live);
}

// Applying replaces an atomic list whole: every item that differs is drift,
// including items added live, whoever added them.
function compareAtomic(
  want: unknown[],
  have: unknown[],
  owned: Owned | undefined,
  site: Site,
  state: WalkState,
): Projection | undefined {
  if (want.every(isScalar) && have.every(isScalar)) {
    let drift = false;
    for (const change of diffValues(want, have)) {
      const index = Number(change.path[0]);
      const context = change.kind === 'missing-live' ? {} : { owned: owned?.item(have[index], index, ATOMIC) };
      drift = report(state, itemSite(site, index), { kind: change.kind, want: change.want, have: change.have }, context) || drift;
    }
    return state.project ? { git: want, live: drift ? have : want } : undefined;
  }
  const git: unknown[] | undefined = state.project ? [] : undefined;
  const live: unknown[] | undefined = state.project ? [] : undefined;
  for (let i = 0; i < Math.max(want.length, have.length); i++) {
    const at = itemSite(site, i);
    let child: Projection | undefined;
    if (i >= have.length) {
      child = missingItem(want[i], at, state);
    } else if (i >= want.length) {
      child = liveOnlyWhole(have[i], owned?.item(have[i], i, ATOMIC), undefined, at, state);
    } else {
      child = compareValue(want[i], have[i], owned?.item(have[i], i, ATOMIC), at, state, false);
    }
    if (child && git && live) push(git, live, child);
  }
  return git && { git, live };
}

/** A list live that git does not hold, owned in parts: keyed items one by one, else the whole list. */
export function liveOnlyList(have: unknown[], owned: Owned, verdict: LiveOnlyVerdict, site: Site, state: WalkState): Projection | undefined {
  const strategy = listStrategy(state.kind, site);
  const whole = strategy.type === 'atomic' || (strategy.type === 'keyed' && strategy.set);
  const haveByKey = whole ? undefined : indexByKey(have, strategy);
  if (!haveByKey) return liveOnlyWhole(have, owned, verdict, site, state);
  const live: unknown[] | undefined = state.project ? [] : undefined;
  let index = 0;
  for (const [key, haveItem] of haveByKey) {
    const child = liveOnly(haveItem, owned.item(haveItem, index++, strategy), itemSite(site, key), state);
    if (live && child?.live !== undefined) live.push(child.live);
  }
  return live && { git: undefined, live: live.length > 0 ? live : undefined };
}
