// A mistyped flag gets a suggestion; a flag far from every known one does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { parseKubediffArgs } from '../../src/kubediff/config.js';
import { parseRunnerArgs } from '../../src/runner/config.js';
import { closest } from '../../src/config/suggest.js';

test('closest: typos, swaps and prefixes find the flag; unrelated words find nothing', () => {
  const names = ['kubeconfig', 'context', 'namespace', 'json', 'no-error-on-diff', 'output', 'help', 'version'];
  assert.equal(closest('kubecofig', names), 'kubeconfig');
  assert.equal(closest('kubeconfgi', names), 'kubeconfig');
  assert.equal(closest('namspace', names), 'namespace');
  assert.equal(closest('no-error', names), 'no-error-on-diff');
  assert.equal(closest('ouptut', names), 'output');
  assert.equal(closest('nope', names), undefined);
  assert.equal(closest('x', names), undefined);
  assert.equal(closest('zzzzzzzzzz', names), undefined);
});

test('kubediff and prom-run say which flag was meant, in the dashes the user typed; a missing value shows the form', () => {
  assert.throws(() => parseKubediffArgs(['--kubecofig', 'x', 'k8s/']), (e: unknown) => e instanceof ConfigError && e.message === 'unknown flag --kubecofig; did you mean --kubeconfig?');
  assert.throws(() => parseRunnerArgs(['-peroid=10s', 'true']), (e: unknown) => e instanceof ConfigError && e.message === 'unknown flag -peroid; did you mean -period?');
  assert.throws(() => parseKubediffArgs(['k8s/', '--kubeconfig']), (e: unknown) => e instanceof ConfigError && e.message === 'flag --kubeconfig needs a value, e.g. --kubeconfig=FILE');
});
