// How server-side apply merges an applied configuration into the live object
// (structured-merge-diff's Merge): structs and granular maps key by key, keyed
// lists and sets item by item in the configuration's order, atomic values
// replaced whole.
import { cloneJson } from './json.js';
import { resolve, type SsaType } from './ssa-schema.js';
import { childType, itemElement } from './typed-values.js';
import { isObject, type KubeObject } from './types.js';

type ListType = Extract<SsaType, { kind: 'list' }>;

export function mergeApplied(live: unknown, config: unknown, type: SsaType): unknown {
  if (config === undefined) return live;
  if (config === null) return undefined;
  if (live === undefined || live === null) return withoutNulls(cloneJson(config));
  const t = resolve(type, config);
  if (t.kind === 'list' && t.listType !== 'atomic' && Array.isArray(live) && Array.isArray(config)) return mergeItems(t, live, config);
  if ((t.kind === 'struct' || t.kind === 'map') && !t.atomic && isObject(live) && isObject(config)) {
    const merged: KubeObject = { ...live };
    for (const [key, value] of Object.entries(config)) {
      const child = mergeApplied(live[key], value, childType(t, key));
      if (child === undefined) delete merged[key];
      else merged[key] = child;
    }
    return merged;
  }
  return withoutNulls(cloneJson(config));
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  const result: KubeObject = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) result[key] = withoutNulls(child);
  return result;
}

/**
 * Items of both sides: shared items in the configuration's order, live-only
 * items where they were, new items where the configuration puts them.
 */
function mergeItems(list: ListType, live: unknown[], config: unknown[]): unknown[] {
  const liveElements = live.map((item, i) => itemElement(list, item, i));
  const configElements = config.map((item, i) => itemElement(list, item, i));
  const liveByElement = new Map(liveElements.map((element, i) => [element, live[i]]));
  const configByElement = new Map(configElements.map((element, i) => [element, config[i]]));
  const shared = configElements.filter((element) => liveByElement.has(element));
  const out: unknown[] = [];
  const merged = new Set<string>();
  let nextShared = shared.shift();
  let l = 0;
  let r = 0;
  while (l < live.length || r < config.length) {
    const before = l + r;
    const le = liveElements[l];
    const re = configElements[r];
    if (le !== undefined && re !== undefined) {
      if (le === re) {
        merged.add(le);
        out.push(mergeApplied(liveByElement.get(le), configByElement.get(re), list.elements));
        l++;
        r++;
        nextShared = shared.shift();
        continue;
      }
      if (configByElement.has(le) && nextShared !== undefined && nextShared !== le) {
        l++;
        continue;
      }
    }
    if (le !== undefined) {
      if (!configByElement.has(le)) {
        out.push(live[l]);
        l++;
        continue;
      }
      if (merged.has(le)) l++;
    }
    if (re !== undefined) {
      merged.add(re);
      out.push(mergeApplied(liveByElement.get(re), configByElement.get(re), list.elements));
      r++;
      if (nextShared === re) nextShared = shared.shift();
    }
    // Duplicate keys can leave a live item waiting for nothing: move on.
    if (l + r === before) l++;
  }
  return out.filter((item) => item !== undefined);
}
