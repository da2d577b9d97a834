import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRepoUrl } from '../../src/gitsync/commit-url.js';
import { ConfigError } from '../../src/errors.js';

const h = '0123456789abcdef0123456789abcdef01234567';

test('turns --repo-url into commit links', () => {
  assert.equal(parseRepoUrl('https://github.com/org/repo')(h), `https://github.com/org/repo/commit/${h}`);
  assert.equal(parseRepoUrl('https://github.com/org/repo.git/')(h), `https://github.com/org/repo/commit/${h}`);
  assert.equal(parseRepoUrl('git@github.com:org/repo.git')(h), `https://github.com/org/repo/commit/${h}`);
  assert.equal(parseRepoUrl('https://bitbucket.org/org/repo/commits/{hash}')(h), `https://bitbucket.org/org/repo/commits/${h}`);
});

test('rejects what is not a web address, naming the flag', () => {
  for (const bad of ['not a url', 'ftp://example.com/repo', 'javascript:alert(1)']) {
    assert.throws(() => parseRepoUrl(bad, '-repo-url'), (error: unknown) => error instanceof ConfigError && error.flag === '-repo-url');
  }
});
