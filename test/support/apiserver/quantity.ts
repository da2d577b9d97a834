// Resource quantities in the canonical form the API server stores them:
// `0.5` -> `500m`, `1024Mi` -> `1Gi`, `1000` -> `1k`, `1.5Gi` -> `1536Mi`.
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** A value as integer * 10^exponent, exact. */
interface Decimal {
  value: bigint;
  exponent: number;
}

function normalize(d: Decimal): Decimal {
  let { value, exponent } = d;
  if (value === 0n) return { value: 0n, exponent: 0 };
  while (value % 10n === 0n) {
    value /= 10n;
    exponent++;
  }
  return { value, exponent };
}

/** Values finer than a nano unit round up (away from zero), as resource.Quantity does. */
function roundToNano(d: Decimal): Decimal {
  if (d.exponent >= -9) return d;
  const divisor = 10n ** BigInt(-9 - d.exponent);
  const sign = d.value < 0n ? -1n : 1n;
  const magnitude = d.value * sign;
  const rounded = (magnitude + divisor - 1n) / divisor;
  return normalize({ value: rounded * sign, exponent: -9 });
}

function formatDecimal(d: Decimal, exponentForm: boolean): string {
  const { value, exponent } = normalize(roundToNano(d));
  if (value === 0n) return '0';
  // The largest exponent that is a multiple of 3, not above the value's own exponent.
  let target = Math.floor(exponent / 3) * 3;
  if (!exponentForm) target = Math.min(18, Math.max(-9, target));
  const mantissa = value * 10n ** BigInt(exponent - target);
  if (exponentForm) return target === 0 ? `${mantissa}` : `${mantissa}e${target}`;
  return `${mantissa}${DECIMAL_SUFFIX[target] ?? ''}`;
}

/** The canonical string for a quantity, or undefined when the text is not a quantity. */
export function canonicalQuantity(input: string | number): string | undefined {
  const text = String(input).trim();
  const match = QUANTITY.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  let value = BigInt(`${sign}${whole || '0'}${fraction}`);
  let exponent = -fraction.length;
  if (suffix in BINARY) {
    value *= 1024n ** BigInt(BINARY[suffix] as number);
    const exact = normalize({ value, exponent });
    if (exact.exponent < 0) return formatDecimal(exact, false);
    const bytes = exact.value * 10n ** BigInt(exact.exponent);
    if (bytes > -1024n && bytes < 1024n) return formatDecimal(exact, false);
    let power = 0;
    let mantissa = bytes;
    while (power < 6 && mantissa % 1024n === 0n && mantissa !== 0n) {
      mantissa /= 1024n;
      power++;
    }
    const binarySuffix = Object.keys(BINARY).find((k) => BINARY[k] === power) ?? '';
    return `${mantissa}${binarySuffix}`;
  }
  if (/^[eE]/.test(suffix)) {
    exponent += Number(suffix.slice(1));
    return formatDecimal({ value, exponent }, true);
  }
  exponent += DECIMAL[suffix] ?? 0;
  return formatDecimal({ value, exponent }, false);
}

/** Canonicalizes every value of a map of quantities (requests, limits, hard, ...) in place. */
export function canonicalizeQuantityMap(map: unknown): void {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return;
  const record = map as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' || typeof value === 'number') record[key] = canonicalQuantity(value) ?? value;
  }
}
