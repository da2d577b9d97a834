import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { silentLogger } from '../../src/log/logger.js';
import { CheckoutState } from '../../src/gitsync/checkout-state.js';
import { SyncTrigger } from '../../src/gitsync/sync-trigger.js';
import { TokenBucket } from '../../src/gitsync/token-bucket.js';

const hash = (c: string): string => c.repeat(40);

function setup() {
  let now = 1_000_000;
  let requested = 0;
  const state = new CheckoutState();
  const registry = new Registry();
  const trigger = new SyncTrigger({
    requestRun: () => void requested++,
    state,
    logger: silentLogger,
    registry,
    now: () => now,
    burst: 3,
    refillMs: 5000,
  });
  return { trigger, state, registry, requests: () => requested, advance: (ms: number) => void (now += ms) };
}

/** Records a finished run that checked `commit`, as the git-sync task does. */
function finishRun(state: CheckoutState, commit: string | undefined): void {
  const run = state.beginRun();
  const revision = commit ? { hash: commit, shortHash: commit.slice(0, 7), subject: '', author: '', committedAt: '2026-01-01T00:00:00Z' } : undefined;
  state.record({ paths: [{ configured: 'k8s', resolved: '/wt/k8s', identity: '1' }] }, revision, 0);
  state.endRun(run);
}

test('a token bucket allows a burst, then one per refill period', () => {
  let now = 0;
  const bucket = new TokenBucket({ capacity: 2, refillMs: 1000, now: () => now });
  assert.deepEqual(bucket.take(), { ok: true });
  assert.deepEqual(bucket.take(), { ok: true });
  assert.deepEqual(bucket.take(), { ok: false, retryAfterMs: 1000 });
  now = 400;
  assert.deepEqual(bucket.take(), { ok: false, retryAfterMs: 600 });
  now = 1000;
  assert.deepEqual(bucket.take(), { ok: true });
  now = 1_000_000;
  assert.deepEqual(bucket.take(), { ok: true });
  assert.deepEqual(bucket.take(), { ok: true });
  assert.equal(bucket.take().ok, false, 'never more than the capacity');
});

test('a commit already checked or already requested needs no run', () => {
  const { trigger, state, requests } = setup();
  finishRun(state, hash('a'));
  assert.deepEqual(trigger.request('webhook', hash('a')), { result: 'duplicate', hash: hash('a') });
  assert.equal(requests(), 0);

  assert.deepEqual(trigger.request('webhook', hash('b')), { result: 'triggered' });
  assert.deepEqual(trigger.request('webhook', hash('b')), { result: 'duplicate', hash: hash('b') }, 'requested, not yet run');
  assert.equal(requests(), 1);
  finishRun(state, hash('b'));
  assert.deepEqual(trigger.request('webhook', hash('b')), { result: 'duplicate', hash: hash('b') }, 'checked');

  // Back to an older commit (a force-push): it is not the one last checked, so it runs.
  assert.deepEqual(trigger.request('webhook', hash('a')), { result: 'triggered' });
  // Without a hash (a manual POST) there is nothing to compare: it runs.
  assert.deepEqual(trigger.request('webhook', undefined), { result: 'triggered' });
  assert.equal(requests(), 3);
});

test('a request stays pending until a run that started after it has ended', () => {
  const { trigger, state, requests } = setup();
  const inProgress = state.beginRun(); // a run that started before the webhook came
  assert.deepEqual(trigger.request('webhook', hash('c')), { result: 'triggered' });
  state.endRun(inProgress);
  assert.equal(trigger.request('webhook', hash('c')).result, 'duplicate', 'the follow-up run has not happened yet');
  const followUp = state.beginRun();
  state.endRun(followUp); // e.g. a skipped run: it did not record c as checked
  assert.equal(trigger.request('webhook', hash('c')).result, 'triggered');
  assert.equal(requests(), 2);
});

test('a flood is rate-limited and counted', async () => {
  const { trigger, registry, requests, advance } = setup();
  const results = Array.from({ length: 20 }, (_, i) => trigger.request('webhook', i.toString(16).padStart(40, '0')).result);
  assert.deepEqual(results.slice(0, 3), ['triggered', 'triggered', 'triggered']);
  assert.ok(results.slice(3).every((result) => result === 'limited'));
  assert.equal(requests(), 3);
  assert.deepEqual(trigger.request('watch', hash('d')), { result: 'limited', retryAfterMs: 5000 });
  advance(5000);
  assert.deepEqual(trigger.request('watch', hash('d')), { result: 'triggered' });
  const text = await registry.metrics();
  assert.match(text, /^kubediff_sync_requests_total\{source="webhook",result="triggered"\} 3$/m);
  assert.match(text, /^kubediff_sync_requests_total\{source="webhook",result="limited"\} 17$/m);
  assert.match(text, /^kubediff_sync_requests_total\{source="watch",result="triggered"\} 1$/m);
});
