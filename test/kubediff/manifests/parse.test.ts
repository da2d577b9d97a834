import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseManifestText } from '../../../src/kubediff/manifests/parse.js';

function values(text: string): unknown[] {
  return parseManifestText(text, false).map((document) => document.value);
}

describe('parseManifestText', () => {
  test('splits documents on `---` lines and keeps empty ones in the count', () => {
    const documents = parseManifestText('a: 1\n---\n\n---\n# only a comment\n---\nb: 2\n', false);
    assert.deepEqual(documents.map((d) => [d.index, d.value]), [[0, { a: 1 }], [1, undefined], [2, undefined], [3, { b: 2 }]]);
    assert.equal(documents[3]?.line, 7);
  });

  test('a `---` followed by a comment separates documents, as kubectl reads it', () => {
    const documents = parseManifestText('a: 1\n--- # second\nb: 2\n---\t#third\r\nc: 3\n', false);
    assert.deepEqual(documents.map((d) => [d.index, d.line, d.value]), [[0, 1, { a: 1 }], [1, 3, { b: 2 }], [2, 5, { c: 3 }]]);
  });

  test('a byte order mark before JSON or YAML is not content', () => {
    assert.deepEqual(parseManifestText('\uFEFF{"kind": "A"}\n', true), [{ index: 0, line: 1, value: { kind: 'A' } }]);
    assert.deepEqual(parseManifestText('\uFEFF# comment\nkind: B\n', false).map((d) => [d.line, d.value]), [[2, { kind: 'B' }]]);
  });

  test('a leading `---` does not make an empty document 0', () => {
    const documents = parseManifestText('# header\n---\nkind: A\n', false);
    assert.deepEqual(documents.map((d) => [d.index, d.line, d.value]), [[0, 3, { kind: 'A' }]]);
  });

  test('reads YAML 1.1 scalars as kubectl does', () => {
    const [value] = values([
      'yes1: yes', 'on1: On', 'off1: off', 'y1: y', 'no1: NO', 'octal: 0755', 'underscores: 1_000',
      'hex: 0x1F', 'float: 1.50', 'exp: 1e3', 'quoted: "yes"', 'date: 2001-12-14', 'sexagesimal: 1:20',
      'nothing: ~', 'text: hello',
    ].join('\n'));
    assert.deepEqual(value, {
      yes1: true, on1: true, off1: false, y1: true, no1: false, octal: 493, underscores: 1000,
      hex: 31, float: 1.5, exp: 1000, quoted: 'yes', date: '2001-12-14', sexagesimal: '1:20',
      nothing: null, text: 'hello',
    });
  });

  test('applies merge keys', () => {
    const [value] = values('base: &base {a: 1, b: 2}\nderived:\n  <<: *base\n  b: 3\n');
    assert.deepEqual(value, { base: { a: 1, b: 2 }, derived: { a: 1, b: 3 } });
  });

  test('objects built from aliases do not share nodes', () => {
    const [value] = values('a: &x {k: 1}\nb: *x\n') as [{ a: object; b: object }];
    assert.deepEqual(value.a, value.b);
    assert.notEqual(value.a, value.b);
  });

  test('refuses aliases that expand without bound', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 7; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const [document] = parseManifestText(lines.join('\n'), false);
    assert.match(document?.error ?? '', /larger than 1 MiB once its YAML aliases are expanded/);
  });

  test('refuses a small file whose aliases over a long string expand to megabytes (a node count never saw it)', () => {
    // 9 KB of text; a few thousand nodes; about 10 MB once expanded.
    const lines = [`s: &s "${'x'.repeat(1000)}"`, `a: &a [${Array(10).fill('*s').join(', ')}]`];
    for (const [name, from] of [['b', 'a'], ['c', 'b'], ['d', 'c']]) lines.push(`${name}: &${name} [${Array(10).fill(`*${from}`).join(', ')}]`);
    const text = `${lines.join('\n')}\n`;
    assert.ok(text.length < 10_000);
    const [document] = parseManifestText(text, false);
    assert.equal(document?.value, undefined);
    assert.match(document?.error ?? '', /once its YAML aliases are expanded/);
  });

  test('ordinary anchors and merge keys stay well within the bound', () => {
    const defaults = `defaults: &defaults\n${Array.from({ length: 50 }, (_, i) => `  key${i}: "${'v'.repeat(40)}"`).join('\n')}\n`;
    const users = Array.from({ length: 30 }, (_, i) => `u${i}:\n  <<: *defaults\n  name: u${i}\n`).join('');
    const [document] = parseManifestText(defaults + users, false);
    assert.equal(document?.error, undefined);
  });

  test('depth is bounded the same way for YAML and JSON: 100 levels read, 101 refused with the same message', () => {
    // `a: [[...]]` and {"a": [[...]]}: the root, the key or list levels, and the innermost scalar count, as js-yaml counts them.
    const yaml = (lists: number) => `a: ${'['.repeat(lists)}1${']'.repeat(lists)}\n`;
    const json = (lists: number) => `{"a": ${'['.repeat(lists)}1${']'.repeat(lists)}}`;
    assert.equal(parseManifestText(yaml(98), false)[0]?.error, undefined);
    assert.equal(parseManifestText(json(98), true)[0]?.error, undefined);
    const refusals = [parseManifestText(yaml(99), false)[0], parseManifestText(json(99), true)[0]];
    for (const refused of refusals) assert.equal(refused?.error, 'nested more than 100 levels deep (the most kubediff reads)');
  });

  test('JSON nested 10,000 deep is a clear manifest error at its line, not a stack overflow', () => {
    const text = `{\n"kind": "A",\n"deep": ${'['.repeat(10_000)}${']'.repeat(10_000)}}\n`;
    const [document] = parseManifestText(text, true);
    assert.deepEqual([document?.line, document?.error], [3, 'nested more than 100 levels deep (the most kubediff reads)']);
  });

  test('aliases cannot nest deeper than the bound either', () => {
    const lines = [`l0: &l0 ${'['.repeat(60)}1${']'.repeat(60)}`, `l1: &l1 ${'['.repeat(60)}*l0${']'.repeat(60)}`];
    const [document] = parseManifestText(`${lines.join('\n')}\n`, false);
    assert.match(document?.error ?? '', /nested more than 100 levels deep/);
  });

  test('a broken document is an error at its line, and the next document is still read', () => {
    const documents = parseManifestText('kind: A\n---\nkind: [B\n---\nkind: C\n', false);
    assert.equal(documents[1]?.error !== undefined, true);
    assert.equal(documents[1]?.line, 4);
    assert.deepEqual(documents[2]?.value, { kind: 'C' });
  });

  test('duplicate keys are an error, as in kubectl', () => {
    const [document] = parseManifestText('a: 1\na: 2\n', false);
    assert.match(document?.error ?? '', /duplicated mapping key/);
  });

  test('JSON files that start with `{` are read as JSON', () => {
    assert.deepEqual(parseManifestText('{"kind": "A", "n": 1.0}', true), [{ index: 0, line: 1, value: { kind: 'A', n: 1 } }]);
    // YAML would accept this; kubectl's JSON decoder does not.
    const [broken] = parseManifestText('{\n  "kind": "A",\n  "x": }\n', true);
    assert.equal(broken?.index, 0);
    assert.match(broken?.error ?? '', /invalid JSON/);
  });

  test('finds the line of each List item', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: A\n  x: 1\n# comment\n- kind: B\nmetadata: {}\n';
    const [document] = parseManifestText(text, false);
    assert.deepEqual(document?.itemLines, [4, 7]);
  });
});

test('a key named __proto__ stays a key in a document with aliases (its copy kept it as the prototype)', () => {
  // With an alias the document is copied; {}[key] = set the prototype, so the key vanished and its
  // contents became inherited keys that the comparison walked.
  const [doc] = parseManifestText('kind: X\nmetadata: {name: &n x}\nspec:\n  __proto__: {a: *n}\n  b: 2\n', false);
  const spec = (doc!.value as { spec: Record<string, unknown> }).spec;
  assert.deepEqual(Object.keys(spec), ['__proto__', 'b']);
  assert.equal(JSON.stringify(spec), '{"__proto__":{"a":"x"},"b":2}');
  const walked: string[] = [];
  for (const key in spec) walked.push(key);
  assert.deepEqual(walked, ['__proto__', 'b']);
});
