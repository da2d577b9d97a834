import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImageCache, MAX_CACHED_ANSWERS } from '../../../src/kubediff/images/cache.js';

describe('ImageCache', () => {
  test('keeps answers for the images of the last run only, and never more than its bound', () => {
    const cache = new ImageCache();
    for (let i = 0; i < MAX_CACHED_ANSWERS + 50; i++) cache.remember(`r/a:${i}`, { status: 'available', checkedAt: i });
    assert.equal(cache.size.answers, MAX_CACHED_ANSWERS);
    assert.equal(cache.answer('r/a:0'), undefined, 'the oldest went first');
    cache.retain(new Set(['r/a:60', 'r/a:61', 'gone']));
    assert.equal(cache.size.answers, 2);
    assert.equal(cache.answer('r/a:61')?.checkedAt, 61);
  });

  test('tokens are found by repository until they expire; pauses end on time', () => {
    const cache = new ImageCache();
    cache.rememberToken('k', { token: 'T', repositories: new Set(['a', 'b']), expiresAt: 1000 });
    assert.equal(cache.token('k', 'b', 999)?.token, 'T');
    assert.equal(cache.token('k', 'c', 999), undefined);
    assert.equal(cache.token('k', 'a', 1000), undefined);
    assert.equal(cache.size.tokens, 0, 'expired tokens are dropped');
    cache.pause('r', 500);
    assert.equal(cache.pausedUntil('r', 100), 500);
    assert.equal(cache.pausedUntil('r', 500), undefined);
  });

  test('serializes to its sizes only: a token never ends up in a log or a JSON dump', () => {
    const cache = new ImageCache();
    cache.rememberToken('k', { token: 'SECRET-TOKEN', repositories: new Set(['a']), expiresAt: Date.now() + 60_000 });
    assert.equal(JSON.stringify({ cache }), '{"cache":{"answers":0,"registries":0,"tokens":1,"pauses":0}}');
  });
});
