// Equality of two scalar values present in git and live, with the rules that
// make textually different values equal: quantities (built-in fields and
// those the cluster's schema marks) by exact value, numbers
// and numeric strings by value (int-or-string), and an image pinned to a digest.

import { isQuantityField } from './fields.js';
import { sameQuantity } from './quantity.js';
import type { RuleId } from './rules.js';
import { isSchemaQuantity } from './schema-rules.js';
import type { Site } from './site.js';

/** 'equal', 'changed', or the rule under which the two differ only in form. */
export type ScalarOutcome = 'equal' | 'changed' | RuleId;

const DIGEST_SUFFIX = /^@sha256:[0-9a-f]{64}$/;
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function compareScalars(want: unknown, have: unknown, site: Site): ScalarOutcome {
  if (want === have) return 'equal';
  if ((isQuantityField(site) || isSchemaQuantity(site)) && sameQuantity(want, have)) return 'quantity';
  if (sameNumber(want, have) || sameNumber(have, want)) return 'int-or-string';
  if (site.key === 'image' && isDigestOf(want, have)) return 'image-digest';
  return 'changed';
}

function sameNumber(number: unknown, text: unknown): boolean {
  return typeof number === 'number' && typeof text === 'string' && NUMERIC.test(text) && Number(text) === number;
}

/** A mutating webhook pinned the git image to its digest: `repo:tag` live as `repo:tag@sha256:...`. */
function isDigestOf(want: unknown, have: unknown): boolean {
  return (
    typeof want === 'string' &&
    typeof have === 'string' &&
    have.length > want.length &&
    have.startsWith(want) &&
    DIGEST_SUFFIX.test(have.slice(want.length))
  );
}
