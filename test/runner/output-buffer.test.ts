import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BoundedOutput } from '../../src/runner/output-buffer.js';

describe('BoundedOutput', () => {
  test('keeps everything below the limit, in order', () => {
    const output = new BoundedOutput(100);
    output.append('hello ');
    output.append(Buffer.from('world\n'));
    assert.deepEqual(output.result(), { text: 'hello world\n', truncated: false, totalBytes: 12 });
  });

  test('exactly at the limit is not truncated', () => {
    const output = new BoundedOutput(64);
    output.append('a'.repeat(40));
    output.append('b'.repeat(24));
    const result = output.result();
    assert.equal(result.truncated, false);
    assert.equal(result.text, 'a'.repeat(40) + 'b'.repeat(24));
  });

  test('beyond the limit keeps the start and the end, with a marker saying how much is missing', () => {
    const output = new BoundedOutput(100);
    output.append('START-');
    for (let i = 0; i < 1000; i++) output.append('0123456789');
    output.append('-END');
    const result = output.result();
    assert.equal(result.truncated, true);
    assert.equal(result.totalBytes, 10_010);
    assert.ok(result.text.startsWith('START-'));
    assert.ok(result.text.endsWith('-END'));
    assert.match(result.text, /\[prom-run: output truncated: 9910 of 10010 bytes omitted here\]/);
    const kept = result.text.replace(/\n\[prom-run: [^\]]*\]\n/, '');
    assert.equal(kept.length, 100);
  });

  test('a single chunk larger than the limit', () => {
    const output = new BoundedOutput(64);
    output.append(`${'a'.repeat(32)}${'x'.repeat(1000)}${'z'.repeat(32)}`);
    const result = output.result();
    assert.ok(result.text.startsWith('a'.repeat(32) + '\n[prom-run'));
    assert.ok(result.text.endsWith(`]\n${'z'.repeat(32)}`));
  });

  test('the tail wraps around its ring correctly with uneven chunks', () => {
    const output = new BoundedOutput(64);
    let all = '';
    for (let i = 0; i < 500; i++) {
      const chunk = String(i).padStart(3, '0') + '|'.repeat(i % 7);
      all += chunk;
      output.append(chunk);
    }
    const text = output.result().text;
    assert.ok(text.startsWith(all.slice(0, 32)));
    assert.ok(text.endsWith(all.slice(-32)));
  });

  test('UTF-8 characters cut by the bounds are dropped, not shown as U+FFFD', () => {
    const output = new BoundedOutput(64);
    output.append('é'.repeat(1000));
    const text = output.result().text;
    assert.ok(!text.includes('\ufffd'));
    assert.match(text, /^é+\n\[prom-run: [^\]]*\]\né+$/);
  });

  test('memory stays bounded: 64 MiB in, at most the limit kept', () => {
    const output = new BoundedOutput(1024 * 1024);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 1024; i++) output.append(chunk);
    const result = output.result();
    assert.equal(result.totalBytes, 64 * 1024 * 1024);
    assert.ok(Buffer.byteLength(result.text) < 1024 * 1024 + 200);
  });
});
