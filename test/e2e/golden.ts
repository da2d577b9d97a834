// Golden files for the end-to-end test: outputs with their volatile parts
// (times, durations, ports, temp paths, the repo's own commit, the Node.js
// version) masked, compared with files under test/e2e/golden/.
// UPDATE_GOLDEN=1 rewrites the files instead of comparing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const MASK = '<masked>';

/** Keys whose values change from run to run. */
const VOLATILE_KEYS = new Set([
  'startedAt', 'finishedAt', 'durationMs', 'durationSeconds', 'nextRunAt', 'lastSuccessAt', 'since',
  'hash', 'shortHash', 'subject', 'author', 'committedAt', 'url', 'time',
]);

const TEMP_PATH = new RegExp(`${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/kubediff-[\\w.-]+`, 'g');

/** Temp paths, loopback ports and health's `(since <time>)` in any text. */
export function maskText(text: string): string {
  return text
    .replace(TEMP_PATH, '<tmp>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/g, ' at <time> UTC)')
    .replace(/\(since \d{4}-\d\d-\d\dT[\d:.]+Z\)/g, `(since ${MASK})`);
}

/** Volatile values masked and keys sorted (the order of an object's keys carries no meaning in JSON). */
export function maskJson(value: unknown, key = ''): unknown {
  if (VOLATILE_KEYS.has(key) && value !== null) return MASK;
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((item) => maskJson(item));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, maskJson(v, k)]));
  }
  return value;
}

/**
 * The command_ and kubediff_ families (the process's own default metrics vary
 * too much to pin), with durations, timestamps, commits and the Node.js
 * version masked.
 */
export function maskMetrics(text: string): string {
  const families = text.split('\n\n').filter((block) => /^# HELP (command|promrun|kubediff)_/.test(block.trim()));
  return families
    .map((block) =>
      block
        .trim()
        .split('\n')
        .map((line) => {
          if (line.startsWith('#')) return line;
          const masked = line.replace(/(node_version|revision|short_revision)="[^"]*"/g, `$1="${MASK}"`);
          return /^\w*(_seconds|timestamp)\w*[{ ]/.test(masked) ? masked.replace(/ [^ ]+$/, ` ${MASK}`) : masked;
        })
        .join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}

/** Compares with the golden file, or rewrites it under UPDATE_GOLDEN=1. */
export function assertGolden(name: string, actual: string): void {
  const file = `${GOLDEN_DIR}${name}`;
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    assert.fail(`no golden file ${file}: run the test with UPDATE_GOLDEN=1 to write it`);
  }
  assert.equal(actual, expected, `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after a deliberate change)`);
}
