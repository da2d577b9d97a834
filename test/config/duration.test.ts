import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  const valid: [string, number][] = [
    ['0', 0],
    ['300ms', 300],
    ['90s', 90_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1h2m3s4ms', 3_723_004],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
    ['+10s', 10_000],
    ['-10s', -10_000],
  ];
  for (const [text, ms] of valid) {
    test(`${text} is ${ms} ms`, () => assert.equal(parseDuration(text), ms));
  }

  for (const text of ['', '10', 's', '10x', '1m30', 'ten seconds', '1 m', '10S', '-', '1h-30m', 'm1']) {
    test(`\`${text}\` is not a duration`, () => assert.equal(parseDuration(text), undefined));
  }
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [300, '300ms'],
    [10_000, '10s'],
    [90_000, '1m30s'],
    [600_000, '10m0s'],
    [7_200_000, '2h0m0s'],
    [3_723_500, '1h2m3.5s'],
  ];
  for (const [ms, text] of cases) {
    test(`${ms} ms is ${text}`, () => assert.equal(formatDuration(ms), text));
  }

  test('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1000, 61_000, 3_600_000, 5_400_000]) assert.equal(parseDuration(formatDuration(ms)), ms);
  });
});
