// Small predicates on JSON values, shared by the walk and the normalizers.

export type JsonMap = Record<string, unknown>;

/**
 * Sets a key from git or the cluster as an own property, `__proto__` included
 * (assigned with `map[key] =` it sets the prototype instead and is lost; any
 * key is allowed in a Secret's or ConfigMap's data).
 */
export function setOwn(map: JsonMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** null, absent, {}, [] and (unless `literal`) "" all mean "nothing here". */
export function isEmptyValue(value: unknown, literal = false): boolean {
  if (value === undefined || value === null) return true;
  if (value === '') return !literal;
  if (Array.isArray(value)) return value.length === 0;
  if (isMap(value)) {
    for (const _ in value) return false;
    return true;
  }
  return false;
}

/** Empty, or a map whose values are all deeply empty (`{resources: {limits: {}}}`). */
export function isDeepEmpty(value: unknown): boolean {
  if (isMap(value)) {
    for (const key in value) if (!isDeepEmpty(value[key])) return false;
    return true;
  }
  return isEmptyValue(value);
}
