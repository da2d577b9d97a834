// Control characters are shown as \uXXXX escapes, never raw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeControl, escapeControlKeepLines, escapeJsonText } from '../../src/text/control-characters.js';

test('escapeControl: C0 (newlines and tabs too), DEL, C1, separators, bidi controls and lone surrogates become \\uXXXX', () => {
  assert.equal(escapeControl('a\u001b[2Jb'), 'a\\u001b[2Jb');
  assert.equal(escapeControl('x\n\nkubediff: exit 0\r\t'), 'x\\u000a\\u000akubediff: exit 0\\u000d\\u0009');
  assert.equal(escapeControl('\u007f\u0080\u009b\u0085'), '\\u007f\\u0080\\u009b\\u0085');
  assert.equal(escapeControl('a\u2028b\u2029c\u202ed\u2066e\u200ff\u061c'), 'a\\u2028b\\u2029c\\u202ed\\u2066e\\u200ff\\u061c');
  assert.equal(escapeControl('lone \ud800 high, lone \udc00 low'), 'lone \\ud800 high, lone \\udc00 low');
  assert.equal(escapeControl('plain, ünïcödé, 日本, emoji 😀, zero-width joiner \u200d'), 'plain, ünïcödé, 日本, emoji 😀, zero-width joiner \u200d');
});

test('escapeControlKeepLines keeps newlines and tabs (CRLF as LF) and escapes the rest', () => {
  assert.equal(escapeControlKeepLines('a\r\nb\tc\rd\u001b[31me\n'), 'a\nb\tc\\u000dd\\u001b[31me\n');
});

test('escapeJsonText keeps the JSON value the same and its text terminal-safe', () => {
  const value = { name: 'a\u009b2J\u2028\u202e', n: 'x\u001by' };
  const text = escapeJsonText(JSON.stringify(value, null, 2));
// eslint-disable-next-line no-control-regex -- finding control characters is the point
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/.test(text), text);
  assert.deepEqual(JSON.parse(text), value);
});
