import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubediffUsage, parseKubediffArgs } from '../../../src/kubediff/config.js';
import { ConfigError } from '../../../src/errors.js';

function refused(argv: string[]): ConfigError {
  try {
    parseKubediffArgs(argv);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('image check flags', () => {
  test('off by default; --check-images checks git\'s images with the good-citizen defaults', () => {
    assert.equal(parseKubediffArgs(['k8s']).images, undefined);
    assert.deepEqual(parseKubediffArgs(['--check-images', 'k8s']).images, { mode: 'git', insecure: [], recheckMs: 3_600_000, requestBudget: 1000, concurrency: 4 });
    assert.equal(parseKubediffArgs(['--check-images=git', 'k8s']).images?.mode, 'git');
    assert.equal(parseKubediffArgs(['-check-images=live', 'k8s']).images?.mode, 'live');
    assert.equal(parseKubediffArgs(['--check-images=false', 'k8s']).images, undefined);
  });

  test('every option, in Go and GNU spellings', () => {
    const config = parseKubediffArgs([
      '--check-images', '--registry-config=/etc/registry/.dockerconfigjson', '-registry-insecure', 'registry.local:5000', '--registry-insecure=[::1]:5000',
      '--registry-ca-file', '/etc/ca.pem', '--image-recheck=30m', '--image-requests=200', '--registry-concurrency=2', 'k8s',
    ]);
    assert.deepEqual(config.images, {
      mode: 'git', registryConfig: '/etc/registry/.dockerconfigjson', insecure: ['registry.local:5000', '[::1]:5000'], caFile: '/etc/ca.pem',
      recheckMs: 1_800_000, requestBudget: 200, concurrency: 2,
    });
    assert.equal(parseKubediffArgs(['--check-images', '--image-recheck=0', 'k8s']).images?.recheckMs, 0);
  });

  test('bad values name the flag and the value', () => {
    assert.equal(refused(['--check-images=yes-please', 'k8s']).flag, '--check-images');
    assert.match(refused(['--check-images=maybe', 'k8s']).message, /--check-images=git or --check-images=live, got `maybe`/);
    assert.match(refused(['--check-images', '--registry-insecure=http://registry.local', 'k8s']).message, /no scheme, no path\), got `http:\/\/registry.local`/);
    assert.match(refused(['--check-images', '--image-recheck=soon', 'k8s']).message, /--image-recheck to be a duration/);
    assert.match(refused(['--check-images', '--image-requests=0', 'k8s']).message, /whole number from 1 to 1000000, got `0`/);
    assert.equal(refused(['--check-images', '--registry-concurrency=65', 'k8s']).flag, '--registry-concurrency');
  });

  test('a registry flag without --check-images is refused: it would do nothing', () => {
    const error = refused(['--registry-config=/x.json', 'k8s']);
    assert.equal(error.flag, '--registry-config');
    assert.match(error.message, /add --check-images/);
  });

  test('the usage lists them', () => {
    const usage = kubediffUsage();
    for (const flag of ['--check-images[=git|live]', '--registry-config FILE', '--registry-insecure HOST[:PORT]', '--registry-ca-file FILE', '--image-recheck DURATION', '--image-requests N', '--registry-concurrency N']) {
      assert.ok(usage.includes(flag), flag);
    }
  });
});
