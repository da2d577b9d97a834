// prom-run's git-sync flags: --repo-url (link the checked commit on the page)
// and --watch (run when git-sync's link changes). RUNNER's flag table
// includes GITSYNC_FLAGS; this turns their values into a typed config.
import type { FlagSpec, ParsedFlags } from '../config/flags.js';
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

/** Reads the git-sync flags from parsed flags; throws ConfigError naming the flag. */
export function parseGitSyncConfig(parsed: ParsedFlags): GitSyncConfig {
  const repoUrl = parsed.values.get('repo-url');
  return Object.freeze({
    commitUrl: typeof repoUrl === 'string' ? parseRepoUrl(repoUrl, parsed.spelled.get('repo-url') ?? '--repo-url') : undefined,
    watch: parsed.values.get('watch') === true,
  });
}
