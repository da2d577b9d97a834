// --repo-url: the web address of the repository, so the page can link the
// commit it checked. `https://github.com/org/repo` gives
// `https://github.com/org/repo/commit/<hash>`; a URL with `{hash}` in it is
// used as a template for other forges (e.g. Bitbucket's `/commits/{hash}`).
import { ConfigError } from '../errors.js';

export type CommitUrl = (hash: string) => string;

/** Turns the --repo-url value into a function from commit hash to web address; throws ConfigError. */
export function parseRepoUrl(value: string, flag = '--repo-url'): CommitUrl {
  const trimmed = value.trim();
  // The same address people clone over SSH: git@github.com:org/repo.git
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(trimmed);
  const candidate = scp ? `https://${scp[1]}/${scp[2]}` : trimmed;
  let url: URL;
  try {
    url = new URL(candidate.replaceAll('{hash}', 'HASH'));
  } catch {
    throw new ConfigError(flag, `Expected ${flag} to be the repository's web address like https://github.com/org/repo, got \`${value}\``);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(flag, `Expected ${flag} to be an http(s) address like https://github.com/org/repo, got \`${value}\``);
  }
  if (candidate.includes('{hash}')) return (hash) => candidate.replaceAll('{hash}', encodeURIComponent(hash));
  const base = candidate.replace(/\/+$/, '').replace(/\.git$/, '');
  return (hash) => `${base}/commit/${encodeURIComponent(hash)}`;
}
