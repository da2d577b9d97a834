import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { parseListenAddr, parseRunnerArgs, runnerUsage, type RunnerConfig } from '../../src/runner/config.js';

function config(argv: string[]): RunnerConfig {
  const args = parseRunnerArgs(argv);
  assert.equal(args.action, 'run');
  return (args as { config: RunnerConfig }).config;
}

function rejects(argv: string[], flag: string, message?: RegExp): void {
  assert.throws(
    () => parseRunnerArgs(argv),
    (error: unknown) => error instanceof ConfigError && error.flag === flag && (!message || message.test(error.message)),
  );
}

describe('parseRunnerArgs', () => {
  test('defaults as tomwilkie/prom-run has them', () => {
    const c = config(['true']);
    assert.equal(c.periodMs, 10_000);
    assert.equal(c.timeoutMs, 600_000);
    assert.equal(c.listenAddr, ':9152');
    assert.equal(c.listenHost, undefined);
    assert.equal(c.listenPort, 9152);
    assert.equal(c.workingDir, undefined);
    assert.equal(c.maxOutputBytes, 1024 * 1024);
    assert.deepEqual(c.command, ['true']);
  });

  test('the drop-in form of existing manifests', () => {
    const c = config(['-period=60s', '-listen-addr=:80', '/kubediff', '/data/repo/k8s']);
    assert.equal(c.periodMs, 60_000);
    assert.equal(c.listenPort, 80);
    assert.deepEqual(c.command, ['/kubediff', '/data/repo/k8s']);
  });

  test('Go and GNU syntax alike, and every flag', () => {
    const c = config(['--period', '1m30s', '-timeout', '90s', '--listen-addr=127.0.0.1:0', '-working-dir=/tmp', '--max-output-bytes=4096', 'cmd']);
    assert.equal(c.periodMs, 90_000);
    assert.equal(c.timeoutMs, 90_000);
    assert.equal(c.listenHost, '127.0.0.1');
    assert.equal(c.listenPort, 0);
    assert.equal(c.workingDir, '/tmp');
    assert.equal(c.maxOutputBytes, 4096);
  });

  test('--web.listen-address, as exporters name it, is -listen-addr; a bad one is refused under the name given', () => {
    const c = config(['--web.listen-address=127.0.0.1:9100', 'cmd']);
    assert.deepEqual([c.listenAddr, c.listenHost, c.listenPort], ['127.0.0.1:9100', '127.0.0.1', 9100]);
    assert.equal(config(['-web.listen-address', ':80', 'cmd']).listenPort, 80);
    rejects(['--web.listen-address=9100', 'true'], '--web.listen-address', /Expected --web.listen-address to be an address like :9152/);
  });

  test('everything after the command belongs to the command, and -- ends the flags', () => {
    assert.deepEqual(config(['-period=1s', 'terraform', 'plan', '-detailed-exitcode', '--period=5s']).command, [
      'terraform',
      'plan',
      '-detailed-exitcode',
      '--period=5s',
    ]);
    assert.deepEqual(config(['--', '-weird-name', 'x']).command, ['-weird-name', 'x']);
  });

  test('the config is frozen', () => {
    const c = config(['true']);
    assert.ok(Object.isFrozen(c));
    assert.ok(Object.isFrozen(c.command));
  });

  test('--help and --version', () => {
    assert.deepEqual(parseRunnerArgs(['--help']), { action: 'help' });
    assert.deepEqual(parseRunnerArgs(['-h']), { action: 'help' });
    assert.deepEqual(parseRunnerArgs(['-version']), { action: 'version' });
  });

  test('a bad duration names the flag as typed', () => {
    rejects(['--period=x', 'true'], '--period', /^Expected --period to be a duration like 30s, got `x`$/);
    rejects(['-timeout', '10', 'true'], '-timeout', /got `10`/);
    rejects(['--period=0s', 'true'], '--period');
    rejects(['--period=-5s', 'true'], '--period');
  });

  test('a duration longer than a timer can wait is refused, not cut to 1 ms (every run would time out at once)', () => {
    rejects(['--timeout=1000h', 'true'], '--timeout', /^Expected --timeout to be at most 596h31m23\.647s, got `1000h`$/);
    rejects(['-period=25d', 'true'], '-period', /duration like 30s/);
    rejects(['-period=600h', 'true'], '-period', /at most/);
    assert.equal(config(['--timeout=596h', 'true']).timeoutMs, 596 * 3_600_000);
  });

  test('an unknown flag, a bad address, a bad byte count', () => {
    rejects(['--nope', 'true'], '--nope');
    rejects(['--listen-addr=9152', 'true'], '--listen-addr', /address like :9152/);
    rejects(['--listen-addr=:99999', 'true'], '--listen-addr');
    rejects(['--max-output-bytes=1MiB', 'true'], '--max-output-bytes');
    rejects(['--max-output-bytes=10', 'true'], '--max-output-bytes');
  });

  test('a missing command', () => {
    rejects([], '<command>');
    rejects(['-period=1s', '--'], '<command>');
  });

  test('the usage lists every flag with its default', () => {
    const usage = runnerUsage();
    for (const text of ['--period DURATION', '(default 10s)', '--timeout', '(default 10m0s)', '--listen-addr', '(default :9152)', '--working-dir', '--max-output-bytes', '--version']) {
      assert.ok(usage.includes(text), `usage mentions ${text}`);
    }
  });
});

describe('parseListenAddr', () => {
  test('host and port forms', () => {
    assert.deepEqual(parseListenAddr('--listen-addr', ':9152'), { host: undefined, port: 9152 });
    assert.deepEqual(parseListenAddr('--listen-addr', '0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
    assert.deepEqual(parseListenAddr('--listen-addr', '[::1]:8080'), { host: '::1', port: 8080 });
    assert.deepEqual(parseListenAddr('--listen-addr', 'localhost:1'), { host: 'localhost', port: 1 });
  });
});
