// Log lines are read on terminals (kubectl logs): JSON escapes C0 controls,
// and the logger escapes the rest (C1, separators, bidi) the JSON way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJsonLogger } from '../../src/log/logger.js';

test('a log line holds no raw control character and parses back to the same fields', () => {
  const lines: string[] = [];
  const logger = createJsonLogger({ write: (chunk: string) => lines.push(chunk) }, () => new Date(0));
  logger.log('warn', 'object \u009b2J', { name: 'a\u001b[2J\u2028\u202e', nested: { x: '\u0085' } });
  const line = lines[0]!;
  assert.ok(line.endsWith('\n'));
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/.test(line.slice(0, -1)), line);
  assert.deepEqual(JSON.parse(line), { time: '1970-01-01T00:00:00.000Z', level: 'warn', msg: 'object \u009b2J', name: 'a\u001b[2J\u2028\u202e', nested: { x: '\u0085' } });
});
