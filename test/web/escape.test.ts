import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeHtml, visibleControls } from '../../src/web/escape.js';

describe('escapeHtml', () => {
  test('escapes the five characters that matter in content and quoted attributes', () => {
    assert.equal(escapeHtml(`<script>alert("x") & 'y'</script>`), '&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });

  test('leaves other text alone, including UTF-8', () => {
    assert.equal(escapeHtml('héllo ✓ 100%'), 'héllo ✓ 100%');
  });

  test('escapes already-escaped text again (no double-decoding tricks)', () => {
    assert.equal(escapeHtml('&lt;b&gt;'), '&amp;lt;b&amp;gt;');
  });
});

describe('visibleControls', () => {
  test('shows control characters as control pictures, keeps tabs and newlines', () => {
    assert.equal(visibleControls('a\u0007b\u0000c\td\ne\u007f'), 'a\u2407b\u2400c\td\ne\u2421');
  });

  test('carriage returns end lines', () => {
    assert.equal(visibleControls('a\r\nb\rc'), 'a\nb\nc');
  });
});
