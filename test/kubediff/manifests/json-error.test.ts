// JSON.parse's errors without V8's excerpt of the text (the file may be a
// Secret), still saying where the error is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeJsonError } from '../../../src/kubediff/manifests/json-error.js';
import { parseManifestText } from '../../../src/kubediff/manifests/parse.js';

function messageOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed');
}

test('an unquoted value in a JSON Secret is not quoted back, and its line is found', () => {
  const text = '{"apiVersion": "v1",\n "kind": "Secret",\n "stringData": {"password": hunter2-json}}\n';
  assert.match(messageOf(text), /hunter2/, 'V8 quotes the text around the error');
  const [document] = parseManifestText(text, true);
  const position = text.indexOf('hunter2');
  assert.equal(document?.error, `invalid JSON: Unexpected token 'h' in JSON at position ${position}`);
  assert.equal(document?.line, 3);
});

test('an error near the start or in a short text: no excerpt either', () => {
  const start = '{"kind": hunter2-1234567890123456789}';
  assert.deepEqual(describeJsonError(messageOf(start), start), { message: "Unexpected token 'h' in JSON at position 9", position: 9 });
  const short = '{"a": hunter2}';
  assert.deepEqual(describeJsonError(messageOf(short), short), { message: "Unexpected token 'h'" });
});

test('an error near the end: the excerpt is dropped, the position found', () => {
  const text = '{\n  "kind": "A",\n  "x": }\n';
  assert.deepEqual(describeJsonError(messageOf(text), text), { message: "Unexpected token '}' in JSON at position 24", position: 24 });
  assert.equal(text[24], '}');
});

test('messages without an excerpt are kept, with their position', () => {
  const text = '{"a": "x" "b": 1}';
  assert.doesNotMatch(messageOf(text), /"x"/);
  assert.deepEqual(describeJsonError(messageOf(text), text), { message: messageOf(text), position: 10 });
});
