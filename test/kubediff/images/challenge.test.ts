import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseChallenges, pickChallenge } from '../../../src/kubediff/images/challenge.js';

describe('parseChallenges', () => {
  test("reads Docker Hub's and distribution's bearer challenges", () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
    const insufficient = parseChallenges('Bearer realm="http://127.0.0.1:1/token",service="s",scope="repository:a:pull",error="insufficient_scope"');
    assert.equal(insufficient[0]?.params.error, 'insufficient_scope');
  });

  test('several challenges, plain values, escapes and spaces', () => {
    const challenges = parseChallenges(['Basic realm="Registry Realm"', 'Bearer realm = "https://a/t" , service=plain, x="q\\"uote"']);
    assert.deepEqual(challenges, [
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
      { scheme: 'bearer', params: { realm: 'https://a/t', service: 'plain', x: 'q"uote' } },
    ]);
    assert.equal(pickChallenge(challenges)?.scheme, 'bearer');
    assert.equal(pickChallenge(parseChallenges('Basic realm="r"'))?.scheme, 'basic');
    assert.equal(pickChallenge(parseChallenges('Bearer service="no realm"')), undefined);
  });

  test('garbage never throws or loops', () => {
    for (const header of [undefined, '', '===', 'Negotiate abc==', '"', 'Bearer realm="unterminated', ',,,', '\u0000\u00ff', 'x'.repeat(100_000)]) {
      assert.doesNotThrow(() => parseChallenges(header));
    }
  });
});
