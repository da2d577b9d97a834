// Basic authentication with real bcrypt hashes made by htpasswd -B: who gets
// in, what is cached (so a scraper or a refreshing page costs one comparison,
// not one per request), that wrong passwords cannot evict right ones, that
// unknown users cost a comparison of the same bcrypt cost, and the bound on
// comparisons waiting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import bcrypt from 'bcryptjs';
import { BasicAuthenticator, parseBasicAuthorization, type Bcrypt } from '../../src/webconfig/basic-auth.js';
import { htpasswd } from '../support/pki.js';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The real bcryptjs, counting what it is asked. */
function countingBcrypt(): Bcrypt & { compares: { password: string; hash: string }[]; hashes: number[] } {
  const compares: { password: string; hash: string }[] = [];
  const hashes: number[] = [];
  return {
    compares,
    hashes,
    compare: (password, hash) => {
      compares.push({ password, hash });
      return bcrypt.compare(password, hash);
    },
    hash: (password, cost) => {
      hashes.push(cost);
      return bcrypt.hash(password, cost);
    },
  };
}

describe('parseBasicAuthorization', () => {
  test('reads Basic credentials as Go does, and nothing else', () => {
    assert.deepEqual(parseBasicAuthorization(basic('alice', 'pa:ss wörd')), { user: 'alice', password: 'pa:ss wörd' });
    assert.deepEqual(parseBasicAuthorization(`bAsIc ${Buffer.from(':').toString('base64')}`), { user: '', password: '' });
    for (const header of [undefined, '', 'Basic', 'Bearer abc', `Basic ${Buffer.from('nocolon').toString('base64')}`, 'Basic !!!!', 'Basic YWxpY2U6cGFzcw', 'Basic  YWxpY2U6cGFzcw==']) {
      assert.equal(parseBasicAuthorization(header), undefined, String(header));
    }
  });
});

describe('BasicAuthenticator', () => {
  const users = new Map([
    ['alice', htpasswd('alice', 'right', 5)],
    ['bob', htpasswd('bob', 'builder', 5)],
  ]);

  test('the right password gets in; a wrong one, an unknown user, no or a broken header do not', async () => {
    const auth = new BasicAuthenticator();
    assert.equal(await auth.check(users, basic('alice', 'right')), 'ok');
    assert.equal(await auth.check(users, basic('bob', 'builder')), 'ok');
    assert.equal(await auth.check(users, basic('alice', 'builder')), 'unauthorized');
    assert.equal(await auth.check(users, basic('alice', 'right ')), 'unauthorized');
    assert.equal(await auth.check(users, basic('carol', 'right')), 'unauthorized');
    assert.equal(await auth.check(users, undefined), 'unauthorized');
    assert.equal(await auth.check(users, 'Basic garbage'), 'unauthorized');
  });

  test('outcomes are cached: the same credentials cost one comparison, however often they come', async () => {
    const counted = countingBcrypt();
    const auth = new BasicAuthenticator({ bcrypt: counted });
    for (let i = 0; i < 20; i++) assert.equal(await auth.check(users, basic('alice', 'right')), 'ok');
    for (let i = 0; i < 20; i++) assert.equal(await auth.check(users, basic('alice', 'wrong')), 'unauthorized');
    assert.equal(counted.compares.length, 2, 'one comparison for the right password, one for the wrong one');
  });

  test('requests arriving together with the same credentials share one comparison', async () => {
    const counted = countingBcrypt();
    const auth = new BasicAuthenticator({ bcrypt: counted });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => auth.check(users, basic('bob', 'builder'))));
    assert.deepEqual(outcomes, ['ok', 'ok', 'ok', 'ok', 'ok']);
    assert.equal(counted.compares.length, 1);
  });

  test('a reload that changes a hash is compared afresh; a removed user is out at once', async () => {
    const counted = countingBcrypt();
    const auth = new BasicAuthenticator({ bcrypt: counted });
    assert.equal(await auth.check(users, basic('alice', 'right')), 'ok');
    const changed = new Map([['alice', htpasswd('alice', 'new', 5)]]);
    assert.equal(await auth.check(changed, basic('alice', 'right')), 'unauthorized');
    assert.equal(await auth.check(changed, basic('alice', 'new')), 'ok');
    assert.equal(await auth.check(new Map(), basic('alice', 'new')), 'unauthorized');
  });

  test('a flood of wrong passwords does not evict the right ones', async () => {
    const counted = countingBcrypt();
    const auth = new BasicAuthenticator({ bcrypt: counted, cacheSize: 4 });
    assert.equal(await auth.check(users, basic('alice', 'right')), 'ok');
    for (let i = 0; i < 10; i++) assert.equal(await auth.check(users, basic('alice', `guess${i}`)), 'unauthorized');
    const before = counted.compares.length;
    assert.equal(await auth.check(users, basic('alice', 'right')), 'ok');
    assert.equal(counted.compares.length, before, 'still cached');
  });

  test('an unknown user is compared with a stand-in hash of the users\' bcrypt cost, never with a user\'s hash', async () => {
    const counted = countingBcrypt();
    const auth = new BasicAuthenticator({ bcrypt: counted });
    const costly = new Map([['alice', htpasswd('alice', 'right', 7)], ['bob', htpasswd('bob', 'x', 6)]]);
    auth.prepare(costly);
    assert.equal(await auth.check(costly, basic('mallory', 'right')), 'unauthorized');
    assert.deepEqual(counted.hashes, [7], 'one stand-in, at the highest cost');
    const [compared] = counted.compares;
    assert.match(compared?.hash ?? '', /^\$2[aby]\$07\$/);
    assert.ok(![...costly.values()].includes(compared?.hash ?? ''));
    // The stand-in is made once per cost.
    assert.equal(await auth.check(costly, basic('trudy', 'x')), 'unauthorized');
    assert.deepEqual(counted.hashes, [7]);
  });

  test('comparisons run one at a time, and beyond the bound a request is told to come back', async () => {
    const counted = countingBcrypt();
    const auth = new BasicAuthenticator({ bcrypt: counted, maxPending: 2 });
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((guess) => auth.check(users, basic('alice', guess))));
    assert.deepEqual(outcomes, ['unauthorized', 'unauthorized', 'busy', 'busy']);
    assert.equal(counted.compares.length, 2);
    // Once they are done, the next one is compared.
    assert.equal(await auth.check(users, basic('alice', 'right')), 'ok');
  });
});
