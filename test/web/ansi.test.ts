import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ansiToHtml, stripAnsi } from '../../src/web/ansi.js';

describe('ansiToHtml', () => {
  test('plain text is only escaped', () => {
    assert.equal(ansiToHtml('a < b & c'), 'a &lt; b &amp; c');
  });

  test('SGR colors become classes, reset ends them', () => {
    assert.equal(ansiToHtml('\u001b[31mred\u001b[0m plain'), '<span class="ansi-fg1">red</span> plain');
    assert.equal(ansiToHtml('\u001b[1;92;44mx\u001b[m'), '<span class="ansi-fg10 ansi-bg4 ansi-bold">x</span>');
  });

  test('attributes combine and can be switched off one by one', () => {
    assert.equal(ansiToHtml('\u001b[1m\u001b[4mA\u001b[24mB\u001b[22mC'), '<span class="ansi-bold ansi-underline">A</span><span class="ansi-bold">B</span>C');
  });

  test('256-color codes below 16 map to the classes; others and true color are dropped cleanly', () => {
    assert.equal(ansiToHtml('\u001b[38;5;9mx'), '<span class="ansi-fg9">x</span>');
    assert.equal(ansiToHtml('\u001b[38;5;200my\u001b[0m'), 'y');
    assert.equal(ansiToHtml('\u001b[38;2;10;20;30;1mz'), '<span class="ansi-bold">z</span>');
  });

  test('colored text is still escaped', () => {
    assert.equal(ansiToHtml('\u001b[31m<script>\u001b[0m'), '<span class="ansi-fg1">&lt;script&gt;</span>');
  });

  test('cursor movement, titles and other sequences are removed, never shown as garbage', () => {
    const html = ansiToHtml('a\u001b[2Kb\u001b]0;title\u0007c\u001b(Bd\u001b[?25le\u001b7f');
    assert.equal(html, 'abcdef');
    assert.ok(!html.includes('\u001b') && !html.includes('[2K') && !html.includes('25l'));
  });

  test('a sequence cut off at the end of the output leaves no escape character', () => {
    assert.ok(!ansiToHtml('done\u001b[3').includes('\u001b'));
  });
});

describe('stripAnsi', () => {
  test('removes every escape sequence', () => {
    assert.equal(stripAnsi('\u001b[1;31mred\u001b[0m \u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\'), 'red link');
  });
});
