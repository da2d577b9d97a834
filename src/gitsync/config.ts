// prom-run's git-sync flags: --repo-url (link the checked commit on the page)
// and --watch (run when git-sync's link changes). RUNNER's flag table
// includes GITSYNC_FLAGS; this turns their values into a typed config.
import type { FlagSpec, ParsedFlags } from '../config/flags.js';
import { ConfigError } from '../errors.js';
import { parseRepoUrl, type CommitUrl } from './commit-url.js';

export interface GitSyncConfig {
  /** From --repo-url: the web address of a commit. */
  readonly commitUrl: CommitUrl | undefined;
  /** --watch: run as soon as git-sync's link changes. */
  readonly watch: boolean;
}

export const GITSYNC_FLAGS: readonly FlagSpec[] = [
  {
    name: 'repo-url',
    kind: 'string',
    valueName: 'URL',
    help: "Web address of the manifests' repository, e.g. https://github.com/org/repo; the page links the checked commit (URL/commit/HASH, or {hash} in URL is replaced).",
  },
  {
    name: 'watch',
    kind: 'boolean',
    help: "Run as soon as git-sync's link changes (for setups without git-sync's --webhook-url).",
  },
];

/**
 * Reads the git-sync flags from parsed flags; throws ConfigError naming the
 * flag. `builtinKubediff`: the command is the built-in checker (only it has
 * manifests paths to watch).
 */
export function parseGitSyncConfig(parsed: ParsedFlags, builtinKubediff: boolean): GitSyncConfig {
  const repoUrl = parsed.values.get('repo-url');
  const watch = parsed.values.get('watch') === true;
  if (watch && !builtinKubediff) {
    const flag = parsed.spelled.get('watch') ?? '--watch';
    throw new ConfigError(flag, `${flag} watches the manifests path of the built-in kubediff; the command is not kubediff`);
  }
  return Object.freeze({
    commitUrl: typeof repoUrl === 'string' ? parseRepoUrl(repoUrl, parsed.spelled.get('repo-url') ?? '--repo-url') : undefined,
    watch,
  });
}
