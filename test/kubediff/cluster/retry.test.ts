import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isConnectError,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
} from '../../../src/kubediff/cluster/retry.js';

function codeError(code: string): Error {
  return Object.assign(new Error(`failed ${code}`), { code });
}

describe('retry policy', () => {
  test('429 and 5xx are retried; 4xx answers are final', () => {
    for (const status of [429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(status), true, String(status));
    for (const status of [200, 400, 401, 403, 404, 409, 410, 501]) assert.equal(isRetryableStatus(status), false, String(status));
  });

  test('dropped connections are retryable; a refused connection is a connect error', () => {
    assert.equal(isRetryableNetworkError(codeError('ECONNRESET')), true);
    assert.equal(isRetryableNetworkError(new Error('socket hang up')), true);
    assert.equal(isRetryableNetworkError(codeError('DEPTH_ZERO_SELF_SIGNED_CERT')), false);
    assert.equal(isConnectError(codeError('ECONNREFUSED')), true);
    assert.equal(isConnectError(codeError('ECONNRESET')), false);
  });

  test('backoff grows exponentially up to the cap, with full jitter', () => {
    const top = () => 1;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, DEFAULT_RETRY_POLICY, top)),
      [200, 400, 800, 1600, 3200, 5000, 5000, 5000],
    );
    assert.equal(backoffDelay(4, DEFAULT_RETRY_POLICY, () => 0), 0);
    assert.equal(backoffDelay(4, DEFAULT_RETRY_POLICY, () => 0.5), 800);
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(['0']), 0);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', () => now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', () => now), 0);
  });

  test('sleep stops when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
    await sleep(1, new AbortController().signal);
  });
});
