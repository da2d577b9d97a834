// Reading status from live objects as the API returned them (raw JSON):
// every field may be absent or of the wrong type, and nothing here throws.

export type Json = Record<string, unknown>;

export interface Condition {
  readonly type: string;
  /** "True", "False" or "Unknown". */
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastUpdateTime?: string;
  readonly lastTransitionTime?: string;
}

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at a path of keys, or undefined. */
export function at(object: unknown, ...path: string[]): unknown {
  let value = object;
  for (const key of path) {
    if (!isJson(value)) return undefined;
    value = value[key];
  }
  return value;
}

export function numberAt(object: unknown, ...path: string[]): number | undefined {
  const value = at(object, ...path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringAt(object: unknown, ...path: string[]): string | undefined {
  const value = at(object, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** status.conditions as a list of well-formed conditions (malformed entries are skipped). */
export function conditionsOf(object: unknown, list: unknown = at(object, 'status', 'conditions')): Condition[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c): Condition[] => {
    if (!isJson(c) || typeof c.type !== 'string' || typeof c.status !== 'string') return [];
    const text = (key: string) => (typeof c[key] === 'string' ? { [key]: c[key] } : {});
    return [{ type: c.type, status: c.status, ...text('reason'), ...text('message'), ...text('lastUpdateTime'), ...text('lastTransitionTime') }];
  });
}

export function conditionOf(object: unknown, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}

const MAX_REASON_CHARS = 300;

/** Text on one line (controllers' messages may hold newlines), cut to a length a page line can take. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_REASON_CHARS ? `${flat.slice(0, MAX_REASON_CHARS - 1)}…` : flat;
}

/** `Reason: message` from a condition, as kubectl describe shows it; either part may be missing. */
export function conditionText(condition: Condition, fallback: string): string {
  const parts = [condition.reason, condition.message].filter((p): p is string => !!p && p.trim() !== '');
  return oneLine(parts.length > 0 ? parts.join(': ') : fallback);
}

/** observedGeneration behind metadata.generation: the controller has not acted on the latest spec yet. */
export function generationLag(object: unknown): { generation: number; observed: number } | undefined {
  const generation = numberAt(object, 'metadata', 'generation');
  const observed = numberAt(object, 'status', 'observedGeneration');
  if (generation === undefined || observed === undefined || observed >= generation) return undefined;
  return { generation, observed };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
