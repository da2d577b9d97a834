// A faithful, small reproduction of kubernetes/git-sync v4's on-disk layout
// and swap, with real git, for tests. What git-sync does on each sync that
// changes the commit, and what this does in the same order:
//   1. fetch the ref into the repository at `<root>/.git` and `reset --soft`;
//   2. `git worktree add --detach` the commit at `<root>/.worktrees/<sha>`,
//      rewrite its `.git` file to a relative gitdir, `reset --hard`;
//   3. create `<linkdir>/tmp-link` -> relative path of the worktree and rename
//      it over the link (atomic: readers see the old or the new commit);
//   4. delete the old worktree at once (rm -rf, `git worktree prune`);
//   5. POST the webhook with the commit in `Gitsync-Hash` (not retried here;
//      git-sync retries after its --webhook-backoff). git-sync gives up on a
//      request after its --webhook-timeout, 1 s by default; here the wait is
//      generous (30 s): on a loaded test machine a receiver that answers at
//      once can take more than a second to be scheduled, and no test is about
//      that timeout.
// The link is the contract: `basename "$(readlink <link>)"` is the commit.
import { lstat, mkdir, mkdtemp, readlink, realpath, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { execa } from 'execa';

export interface GitSyncOptions {
  /** Base folder (default: a new temporary folder). */
  readonly dir?: string;
  /** git-sync's --link, relative to the root (default `repo`). */
  readonly link?: string;
  /** git-sync's --webhook-url. */
  readonly webhookUrl?: string;
}

export interface CommitOptions {
  readonly message?: string;
  readonly author?: string; // `Name <email>`
  /** Commit and author date, e.g. `2026-01-02T03:04:05Z`. */
  readonly date?: string;
}

export interface SyncResult {
  readonly hash: string;
  readonly changed: boolean;
  /** The webhook's HTTP status, when one was sent; `error` when it failed. */
  readonly webhook?: number | 'error';
}

const WEBHOOK_TIMEOUT_MS = 30_000;

const gitEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

async function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await execa('git', args, { cwd, env: { ...gitEnv, ...env } });
  return result.stdout;
}

/** The source repository you commit to, and git-sync's --root and --link. */
export class GitSyncRepo {
  private syncCount = 0;
  private lastWebhookHash: string | undefined;

  private constructor(
    readonly base: string,
    /** The upstream repository (a normal repository that commits go to). */
    readonly source: string,
    /** git-sync's --root. */
    readonly root: string,
    /** Absolute path of git-sync's --link. */
    readonly link: string,
    /** git-sync's --webhook-url; may be set once the receiving server listens. */
    public webhookUrl: string | undefined,
  ) {}

  static async create(options: GitSyncOptions = {}): Promise<GitSyncRepo> {
    // Real path, so that paths built here compare equal to resolved ones.
    const base = await realpath(options.dir ?? (await mkdtemp(join(tmpdir(), 'kubediff-git-sync-'))));
    const source = join(base, 'source');
    const root = join(base, 'root');
    await mkdir(source, { recursive: true });
    await mkdir(root, { recursive: true });
    await git(source, ['init', '--quiet', '-b', 'main']);
    return new GitSyncRepo(base, source, root, resolve(root, options.link ?? 'repo'), options.webhookUrl);
  }

  /** Writes (string) or deletes (null) files in the source and commits them; returns the commit hash. */
  async commit(files: Record<string, string | null>, options: CommitOptions = {}): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.source, path);
      if (content === null) {
        await rm(file, { force: true });
      } else {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
    const author = parseAuthor(options.author ?? 'Test Author <author@example.com>');
    const env: Record<string, string> = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    };
    if (options.date !== undefined) {
      env.GIT_AUTHOR_DATE = options.date;
      env.GIT_COMMITTER_DATE = options.date;
    }
    await git(this.source, ['add', '--all']);
    await git(this.source, ['commit', '--quiet', '--allow-empty', '-m', options.message ?? 'change'], env);
    return git(this.source, ['rev-parse', 'HEAD']);
  }

  /** The commit the link points at, or undefined before the first sync. */
  async currentHash(): Promise<string | undefined> {
    try {
      return basename(await readlink(this.link));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** The worktree folder of a commit. */
  worktreeFor(hash: string): string {
    return join(this.root, '.worktrees', hash);
  }

  /** One git-sync loop iteration: fetch, and when the commit changed, publish it and clean up. */
  async sync(): Promise<SyncResult> {
    await this.initRepo();
    const current = await this.currentHash();
    await git(this.root, ['fetch', '--quiet', '--no-auto-gc', '--depth', '1', `file://${this.source}`, 'HEAD']);
    const hash = await git(this.root, ['rev-parse', 'FETCH_HEAD^{}']);
    const changed = hash !== current;
    if (changed) {
      await git(this.root, ['reset', '--quiet', '--soft', hash]);
      const worktree = await this.addWorktree(hash);
      await this.publishLink(worktree);
      if (current !== undefined) await this.removeWorktree(this.worktreeFor(current));
    }
    const first = this.syncCount === 0;
    this.syncCount += 1;
    // Like git-sync's hook runner: sent on a change and after the first sync,
    // and never twice in a row for the same hash once delivered.
    const webhook = (changed || first) && hash !== this.lastWebhookHash ? await this.sendWebhook(hash) : undefined;
    return { hash, changed, ...(webhook === undefined ? {} : { webhook }) };
  }

  async cleanup(): Promise<void> {
    await rm(this.base, { recursive: true, force: true });
  }

  private async initRepo(): Promise<void> {
    try {
      await lstat(join(this.root, '.git'));
    } catch {
      await git(this.root, ['init', '--quiet', '-b', 'git-sync']);
    }
  }

  private async addWorktree(hash: string): Promise<string> {
    const worktree = this.worktreeFor(hash);
    await this.removeWorktree(worktree);
    await git(this.root, ['worktree', 'add', '--quiet', '--force', '--detach', worktree, hash, '--no-checkout']);
    // git-sync rewrites the .git file with a relative gitdir so that other
    // containers can mount the volume at another path.
    const gitdir = join(relative(worktree, this.root), '.git', 'worktrees', hash);
    await writeFile(join(worktree, '.git'), `gitdir: ${gitdir}\n`);
    await git(worktree, ['reset', '--quiet', '--hard', hash, '--']);
    return worktree;
  }

  private async publishLink(worktree: string): Promise<void> {
    const linkDir = dirname(this.link);
    await mkdir(linkDir, { recursive: true });
    const tmp = join(linkDir, 'tmp-link');
    await unlink(tmp).catch(() => undefined);
    await symlink(relative(linkDir, worktree), tmp);
    await rename(tmp, this.link);
  }

  private async removeWorktree(worktree: string): Promise<void> {
    await rm(worktree, { recursive: true, force: true });
    await git(this.root, ['worktree', 'prune']);
  }

  private async sendWebhook(hash: string): Promise<number | 'error' | undefined> {
    if (this.webhookUrl === undefined) return undefined;
    try {
      const response = await fetch(this.webhookUrl, {
        method: 'POST',
        headers: { 'Gitsync-Hash': hash },
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (response.status === 200) this.lastWebhookHash = hash;
      return response.status;
    } catch {
      return 'error';
    }
  }
}

function parseAuthor(author: string): { name: string; email: string } {
  const match = /^(.*?)\s*<([^>]*)>$/.exec(author);
  return { name: match?.[1] ?? author, email: match?.[2] ?? 'author@example.com' };
}
