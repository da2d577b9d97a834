import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText } from '../../src/files/decode-text.js';

const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n';

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

describe('decodeText', () => {
  test('UTF-8, with or without a byte order mark', () => {
    assert.deepEqual(decodeText(Buffer.from(MANIFEST)), { ok: true, text: MANIFEST, encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MANIFEST)])), { ok: true, text: MANIFEST, encoding: 'utf-8' });
  });

  test('UTF-16 with a byte order mark, as Windows editors save it and kubectl reads it', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MANIFEST, 'utf16le')]);
    assert.deepEqual(decodeText(le), { ok: true, text: MANIFEST, encoding: 'utf-16le' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(MANIFEST)]);
    assert.deepEqual(decodeText(be), { ok: true, text: MANIFEST, encoding: 'utf-16be' });
  });

  test('what cannot be read says why and what to do', () => {
    const noBom = decodeText(Buffer.from(MANIFEST, 'utf16le'));
    assert.equal(noBom.ok, false);
    assert.match(noBom.ok ? '' : noBom.problem, /UTF-16 text without a byte order mark: save it as UTF-8/);
    const binary = decodeText(Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x0a]));
    assert.match(binary.ok ? '' : binary.problem, /NUL characters/);
    const latin1 = decodeText(Buffer.from('name: caf\xe9\n', 'latin1'));
    assert.match(latin1.ok ? '' : latin1.problem, /not UTF-8 text/);
    const odd = decodeText(Buffer.from([0xff, 0xfe, 0x61]));
    assert.match(odd.ok ? '' : odd.problem, /odd number of bytes/);
  });
});
