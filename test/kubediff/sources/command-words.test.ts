import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitCommand } from '../../../src/kubediff/sources/command-words.js';

describe('splitCommand', () => {
  test('splits on blanks and honours quotes and backslashes as sh does, nothing more', () => {
    assert.deepEqual(splitCommand('helm template web ./chart -f values-prod.yaml'), { ok: true, words: ['helm', 'template', 'web', './chart', '-f', 'values-prod.yaml'] });
    assert.deepEqual(splitCommand(`sh -c 'helm template web . | grep -v "^#"'`), { ok: true, words: ['sh', '-c', 'helm template web . | grep -v "^#"'] });
    assert.deepEqual(splitCommand('echo "a \\"b\\" \\n" c\\ d \'\' $HOME *'), { ok: true, words: ['echo', 'a "b" \\n', 'c d', '', '$HOME', '*'] });
  });

  test('unclosed quotes and an empty command are refused', () => {
    assert.deepEqual(splitCommand("sh -c 'oops"), { ok: false, problem: 'a single quote is not closed' });
    assert.deepEqual(splitCommand('sh -c "oops'), { ok: false, problem: 'a double quote is not closed' });
    assert.deepEqual(splitCommand('   '), { ok: false, problem: 'no command given' });
  });
});
