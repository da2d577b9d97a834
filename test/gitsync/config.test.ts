// prom-run's git-sync flags, parsed through prom-run's own argument parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/errors.js';
import { parseRunnerArgs, runnerUsage, type RunnerConfig } from '../../src/runner/config.js';

function config(argv: string[]): RunnerConfig {
  const args = parseRunnerArgs(argv);
  assert.equal(args.action, 'run');
  return (args as { config: RunnerConfig }).config;
}

test('--repo-url and --watch, in Go and GNU syntax', () => {
  const c = config(['-repo-url=https://github.com/org/config', '--watch', '/kubediff', '/git/repo/k8s']);
  assert.equal(c.gitSync?.watch, true);
  assert.equal(c.gitSync?.commitUrl?.('abc'), 'https://github.com/org/config/commit/abc');
  const plain = config(['kubediff', 'k8s']);
  assert.equal(plain.gitSync?.watch, false);
  assert.equal(plain.gitSync?.commitUrl, undefined);
  assert.match(runnerUsage(), /--repo-url URL/);
  assert.match(runnerUsage(), /--watch/);
});

test('bad values name the flag as typed', () => {
  const flagOf = (argv: string[]): string | undefined => {
    try {
      parseRunnerArgs(argv);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.flag;
    }
    return undefined;
  };
  assert.equal(flagOf(['-repo-url=not a url', 'kubediff', 'k8s']), '-repo-url');
  assert.equal(flagOf(['-watch', 'terraform', 'plan']), '-watch', '--watch needs the built-in checker');
});
