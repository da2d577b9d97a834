// Exact Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity):
// `<sign><number><suffix>` with binary SI (Ki..Ei), decimal SI (n u m k M G T P E)
// or a decimal exponent (e3, E-2). Values are exact rationals on bigints, so
// `0.1` and `100m` are equal and nothing is rounded as floats would be.

export interface Quantity {
  /** Numerator; the sign lives here. */
  readonly num: bigint;
  /** Denominator, always > 0. */
  readonly den: bigint;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

const BINARY_POWERS: Record<string, bigint> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// Larger exponents are not valid quantities in Kubernetes, and bounding them keeps
// a hostile value such as `1e999999999` from allocating a giant bigint.
const MAX_EXPONENT = 100;

/** Parses a quantity given as a string or a number; undefined when it is not one. */
export function parseQuantity(value: unknown): Quantity | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return undefined;
  }
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number = '', suffix, exponentText] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let num = BigInt((whole || '0') + fraction);
  let den = 10n ** BigInt(fraction.length);
  if (sign === '-') num = -num;

  let exponent = 0;
  if (exponentText !== undefined) {
    exponent = Number(exponentText);
  } else if (suffix !== undefined && suffix in BINARY_POWERS) {
    num *= 1n << (BINARY_POWERS[suffix] ?? 0n);
  } else if (suffix !== undefined) {
    exponent = DECIMAL_EXPONENTS[suffix] ?? 0;
  }
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  if (exponent < 0) den *= 10n ** BigInt(-exponent);
  return { num, den };
}

/** Whether two quantities have the same exact value. */
export function quantitiesEqual(a: Quantity, b: Quantity): boolean {
  return a.num * b.den === b.num * a.den;
}

/** Whether both values parse as quantities with the same value (e.g. `1Gi` and `1024Mi`). */
export function sameQuantity(a: unknown, b: unknown): boolean {
  const left = parseQuantity(a);
  if (left === undefined) return false;
  const right = parseQuantity(b);
  return right !== undefined && quantitiesEqual(left, right);
}
