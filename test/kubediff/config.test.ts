import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubediffUsage, parseKubediffArgs } from '../../src/kubediff/config.js';
import { ConfigError } from '../../src/errors.js';

function configError(argv: string[]): ConfigError {
  try {
    parseKubediffArgs(argv);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('parseKubediffArgs', () => {
  test('defaults: text output, error on diff, no cluster overrides', () => {
    assert.deepEqual(parseKubediffArgs(['k8s']), { paths: ['k8s'], output: 'text', errorOnDiff: true, appliers: [], handEditManagers: [], pods: false, progressDeadlineMs: 600_000, help: false, version: false });
  });

  test("weaveworks/kubediff's short and long flags, interspersed with paths", () => {
    const config = parseKubediffArgs(['a', '-k', '/kc', '--context=prod', 'b', '-n', 'team-a', '-j', '-e', 'c']);
    assert.deepEqual(config, {
      paths: ['a', 'b', 'c'], kubeconfig: '/kc', context: 'prod', namespace: 'team-a',
      output: 'legacy-json', errorOnDiff: false, appliers: [], handEditManagers: [], pods: false, progressDeadlineMs: 600_000, help: false, version: false,
    });
    const long = parseKubediffArgs(['--kubeconfig', '/kc', '--namespace=ns', '--json', '--no-error-on-diff', 'dir']);
    assert.equal(long.kubeconfig, '/kc');
    assert.equal(long.output, 'legacy-json');
    assert.equal(long.errorOnDiff, false);
  });

  test("--request-timeout takes kubectl's forms: a duration, a number of seconds, 0 for no limit", () => {
    assert.equal(parseKubediffArgs(['--request-timeout=2m', 'dir']).requestTimeoutMs, 120_000);
    assert.equal(parseKubediffArgs(['--request-timeout', '90', 'dir']).requestTimeoutMs, 90_000);
    assert.equal(parseKubediffArgs(['--request-timeout=1m30s', 'dir']).requestTimeoutMs, 90_000);
    assert.equal(parseKubediffArgs(['--request-timeout=0', 'dir']).requestTimeoutMs, undefined);
    for (const bad of ['-5s', 'soon', '1000h']) {
      const error = configError([`--request-timeout=${bad}`, 'dir']);
      assert.equal(error.flag, '--request-timeout');
      assert.ok(error.message.includes(bad), error.message);
    }
  });

  test('--applier and --hand-edit-manager are repeatable; a name the API server would refuse is an error naming the flag', () => {
    const config = parseKubediffArgs(['--applier', 'kustomize-controller', '--applier=helm', '--hand-edit-manager', 'my-script', 'dir']);
    assert.deepEqual([config.appliers, config.handEditManagers], [['kustomize-controller', 'helm'], ['my-script']]);
    assert.equal(configError(['--applier', ' ', 'dir']).flag, '--applier');
    assert.equal(configError(['--hand-edit-manager', 'x'.repeat(129), 'dir']).flag, '--hand-edit-manager');
    assert.equal(configError(['--applier=bad\u0007', 'dir']).flag, '--applier');
  });

  test('health: --pods, and --progress-deadline as a Go duration', () => {
    const config = parseKubediffArgs(['--pods', '--progress-deadline=1m30s', 'dir']);
    assert.equal(config.pods, true);
    assert.equal(config.progressDeadlineMs, 90_000);
    assert.equal(parseKubediffArgs(['-progress-deadline', '2h', 'dir']).progressDeadlineMs, 7_200_000);
    for (const bad of ['0', '-5m', 'soon', '10', '9000h']) {
      const error = configError([`--progress-deadline=${bad}`, 'dir']);
      assert.equal(error.flag, '--progress-deadline');
    }
  });

  test('-o/--output selects text, json or diff', () => {
    assert.equal(parseKubediffArgs(['-o', 'json', 'dir']).output, 'json');
    assert.equal(parseKubediffArgs(['--output=diff', 'dir']).output, 'diff');
    assert.equal(parseKubediffArgs(['-o=text', 'dir']).output, 'text');
  });

  test('an unknown output names the flag, the choices and the value', () => {
    const error = configError(['-o', 'yaml', 'dir']);
    assert.equal(error.flag, '-o');
    assert.equal(error.message, 'Expected -o to be one of text, json, diff, got `yaml`');
  });

  test('-j with --output is refused rather than guessed', () => {
    assert.equal(configError(['-j', '-o', 'json', 'dir']).flag, '-j');
  });

  test('a namespace that cannot exist is refused', () => {
    const error = configError(['--namespace', 'Team_A', 'dir']);
    assert.equal(error.flag, '--namespace');
    assert.match(error.message, /`Team_A`/);
  });

  test('empty values, unknown flags and missing values are refused', () => {
    assert.equal(configError(['--context=', 'dir']).flag, '--context');
    assert.equal(configError(['--bogus', 'dir']).flag, '--bogus');
    assert.equal(configError(['dir', '-k']).flag, '-k');
  });

  test('no paths is a ConfigError, unless --help or --version is asked for', () => {
    assert.equal(configError([]).flag, '<path>');
    assert.equal(configError(['-j']).flag, '<path>');
    assert.equal(parseKubediffArgs(['--help']).help, true);
    assert.equal(parseKubediffArgs(['-h']).help, true);
    assert.equal(parseKubediffArgs(['--version']).version, true);
  });

  test('--render and --kustomize-command are split into words as sh quotes them, never run through a shell', () => {
    const config = parseKubediffArgs(['--render', "sh -c 'helm template web . | grep -v ^#'", '--kustomize-command=kustomize build --enable-helm', 'charts/web']);
    assert.deepEqual(config.render, ['sh', '-c', 'helm template web . | grep -v ^#']);
    assert.deepEqual(config.kustomizeCommand, ['kustomize', 'build', '--enable-helm']);
    assert.deepEqual(config.paths, ['charts/web']);
    assert.deepEqual(parseKubediffArgs(['-', 'k8s']).paths, ['-', 'k8s'], '- is standard input');
  });

  test('a --render that cannot be split, or given - (standard input is no folder), is refused naming the flag', () => {
    const unclosed = configError(['--render', "helm template 'web", 'charts/web']);
    assert.equal(unclosed.flag, '--render');
    assert.match(unclosed.message, /a single quote is not closed/);
    assert.equal(configError(['--render', 'helm template web .', '-']).flag, '--render');
    assert.equal(configError(['--kustomize-command', '  ', 'k8s']).flag, '--kustomize-command');
  });

  test('`--` ends the flags, so a path may start with a dash', () => {
    assert.deepEqual(parseKubediffArgs(['-e', '--', '-odd-dir']).paths, ['-odd-dir']);
  });

  test('the config is read-only', () => {
    const config = parseKubediffArgs(['dir']);
    assert.throws(() => {
      (config as { output: string }).output = 'json';
    }, TypeError);
  });

  test('the usage lists every flag', () => {
    const usage = kubediffUsage();
    for (const flag of ['-k, --kubeconfig', '-c, --context', '-n, --namespace', '-j, --json', '-e, --no-error-on-diff', '-o, --output', '--help', '--version']) {
      assert.ok(usage.includes(flag), `usage lacks ${flag}`);
    }
  });
});
