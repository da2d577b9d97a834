// git-sync names each worktree by its commit and sends the commit in
// Gitsync-Hash: a full SHA-1 (40 hex digits) or SHA-256 (64) hash.
const COMMIT_HASH = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export function isCommitHash(value: string): boolean {
  return COMMIT_HASH.test(value);
}
