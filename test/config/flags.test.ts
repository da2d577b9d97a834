import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatFlagHelp, parseFlags, type FlagSpec } from '../../src/config/flags.js';
import { ConfigError } from '../../src/errors.js';

const SPECS: FlagSpec[] = [
  { name: 'period', kind: 'string', help: 'How often.', valueName: 'DURATION', defaultText: '10s' },
  { name: 'json', aliases: ['j'], kind: 'boolean', help: 'JSON output.' },
  { name: 'path', aliases: ['p'], kind: 'string', help: 'A path.', repeatable: true },
];

const strict = { interspersed: false };
const mixed = { interspersed: true };

describe('parseFlags', () => {
  for (const argv of [['-period=60s'], ['-period', '60s'], ['--period=60s'], ['--period', '60s']]) {
    test(`accepts ${argv.join(' ')}`, () => {
      const parsed = parseFlags(argv, SPECS, strict);
      assert.equal(parsed.values.get('period'), '60s');
      assert.deepEqual(parsed.positionals, []);
    });
  }

  test('records how the flag was spelled, for error messages', () => {
    assert.equal(parseFlags(['-period=1s'], SPECS, strict).spelled.get('period'), '-period');
    assert.equal(parseFlags(['--period', '1s'], SPECS, strict).spelled.get('period'), '--period');
  });

  test('the last value wins; repeatable flags collect', () => {
    const parsed = parseFlags(['--period=1s', '-period=2s', '-p', 'a', '--path=b'], SPECS, strict);
    assert.equal(parsed.values.get('period'), '2s');
    assert.deepEqual(parsed.values.get('path'), ['a', 'b']);
  });

  test('booleans: bare, =true, =false, and by alias', () => {
    assert.equal(parseFlags(['-j'], SPECS, strict).values.get('json'), true);
    assert.equal(parseFlags(['--json=false'], SPECS, strict).values.get('json'), false);
    assert.equal(parseFlags(['-json=1'], SPECS, strict).values.get('json'), true);
  });

  test('a bad boolean value is a ConfigError naming the flag', () => {
    assert.throws(() => parseFlags(['--json=maybe'], SPECS, strict), (error: unknown) => error instanceof ConfigError && error.flag === '--json');
  });

  test('without interspersing, the first positional ends the flags', () => {
    const parsed = parseFlags(['-period=1s', 'cmd', '-period=2s', '--x'], SPECS, strict);
    assert.equal(parsed.values.get('period'), '1s');
    assert.deepEqual(parsed.positionals, ['cmd', '-period=2s', '--x']);
  });

  test('with interspersing, flags may follow positionals', () => {
    const parsed = parseFlags(['dir', '-j', 'other'], SPECS, mixed);
    assert.equal(parsed.values.get('json'), true);
    assert.deepEqual(parsed.positionals, ['dir', 'other']);
  });

  test('`--` ends the flags; a lone `-` is a positional', () => {
    assert.deepEqual(parseFlags(['--', '-period=1s'], SPECS, strict).positionals, ['-period=1s']);
    assert.deepEqual(parseFlags(['-j', '-', 'x'], SPECS, mixed).positionals, ['-', 'x']);
  });

  test('an unknown flag is a ConfigError naming it as typed', () => {
    assert.throws(() => parseFlags(['--nope=1'], SPECS, strict), (error: unknown) => error instanceof ConfigError && error.flag === '--nope');
    assert.throws(() => parseFlags(['-x'], SPECS, strict), (error: unknown) => error instanceof ConfigError && error.flag === '-x');
  });

  test('a string flag without its value is a ConfigError', () => {
    assert.throws(() => parseFlags(['--period'], SPECS, strict), (error: unknown) => error instanceof ConfigError && error.flag === '--period');
  });
});

describe('formatFlagHelp', () => {
  test('lists names, value names, help and defaults', () => {
    const help = formatFlagHelp(SPECS);
    assert.match(help, /--period DURATION\n\s+How often\. \(default 10s\)/);
    assert.match(help, /-j, --json\n\s+JSON output\./);
  });
});
