import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failedSaying, stderrSummary } from '../../../src/kubediff/sources/tool-stderr.js';

describe('stderrSummary', () => {
  test("kubectl's klog decoration is removed, quoted and multi-line forms alike", () => {
    const quoted = 'E1201 23:30:04.591446     654 run.go:72] "command failed" err="accumulating resources: accumulation err=\'accumulating resources from \'missing.yaml\'\': \\"quoted\\""\n';
    assert.equal(stderrSummary(quoted), 'accumulating resources: accumulation err=\'accumulating resources from \'missing.yaml\'\': "quoted"');
    const multi = 'E1201 23:30:05.548811     673 run.go:72] "command failed" err=<\n\taccumulating resources: git fetch failed\n\t: exit status 128\n >\n';
    assert.equal(stderrSummary(multi), 'accumulating resources: git fetch failed\n: exit status 128');
  });

  test('bounded to the first lines, each cut', () => {
    const long = Array.from({ length: 50 }, (_, i) => `line ${i} ${'x'.repeat(i === 0 ? 1000 : 1)}`).join('\n');
    const lines = stderrSummary(long).split('\n');
    assert.equal(lines.length, 11);
    assert.equal(lines[0]?.length, 303);
    assert.equal(lines[10], '...');
  });

  test('values to conceal are replaced; short ones only where they stand alone', () => {
    assert.equal(stderrSummary('invalid literal source hunter2-password, expected key=value', ['hunter2-password']), 'invalid literal source <hidden>, expected key=value');
    assert.equal(stderrSummary('value abc in abcdef and line 3', ['abc', '3']), 'value <hidden> in abcdef and line <hidden>');
  });
});

describe('failedSaying', () => {
  test("one line: the tool's lines joined with ' | ', since a line break in an error is shown escaped", () => {
    assert.equal(failedSaying('exited 1', 'accumulating resources: git fetch failed\n: exit status 128'), 'exited 1: accumulating resources: git fetch failed | : exit status 128');
    assert.equal(failedSaying('was killed by SIGKILL', ''), 'was killed by SIGKILL and printed no error');
  });
});
