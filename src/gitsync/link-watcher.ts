// --watch: notices git-sync swapping its link (a rename of `tmp-link` over the
// link, in the link's folder) and asks for a run, for setups without the
// webhook. Watches the folder, not the link: a watch on a symlink follows it
// to the old worktree, which is deleted on the next sync. Before the first
// sync the link does not exist yet, so the deepest existing parent is watched
// for the next part of the path to appear.
import { watch, type FSWatcher } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from '../log/logger.js';
import { innermostLink } from './snapshot.js';
import { isCommitHash } from './commit-hash.js';

export interface LinkWatcherOptions {
  /** The configured manifests path (the link or below it). */
  readonly path: string;
  readonly cwd: string;
  /** Called once per burst of changes with the commit the link now names, if it names one. */
  readonly onChange: (hash: string | undefined) => void;
  readonly logger: Logger;
  /** Quiet time before a burst of changes counts as one (default 300 ms). */
  readonly debounceMs?: number;
  /** How long to wait before trying again to watch a folder that is missing (default 1 s). */
  readonly retryMs?: number;
}

interface WatchTarget {
  readonly dir: string;
  readonly name: string;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** The folder to watch and the entry in it whose changes matter. */
async function findTarget(path: string): Promise<WatchTarget> {
  const link = await innermostLink(path);
  if (link !== undefined) return { dir: dirname(link), name: basename(link) };
  let current = path;
  while (!(await exists(dirname(current))) && dirname(current) !== current) current = dirname(current);
  return { dir: dirname(current), name: basename(current) };
}

/** The commit git-sync's link names: `basename "$(readlink <link>)"`. */
async function linkedHash(link: string): Promise<string | undefined> {
  try {
    const name = basename(await readlink(link));
    return isCommitHash(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

export class LinkWatcher {
  private watcher: FSWatcher | undefined;
  private target: WatchTarget | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  /** The path's state (see state()) when last reported or first looked at. */
  private seen: string | undefined;
  private readonly path: string;

  constructor(private readonly options: LinkWatcherOptions) {
    this.path = resolve(options.cwd, options.path);
  }

  /** Starts watching; resolves once the first watch is set up (or scheduled to retry). */
  async start(): Promise<void> {
    this.seen = await this.state();
    await this.retarget();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async retarget(): Promise<void> {
    if (this.closed) return;
    let target: WatchTarget;
    try {
      target = await findTarget(this.path);
    } catch (error) {
      // E.g. ELOOP or EACCES on the way to the link: a rejection here would crash the runner.
      this.options.logger.log('warn', 'cannot look at the manifests path; trying again', { path: this.path, error: String(error) });
      this.scheduleRetry();
      return;
    }
    if (this.closed) return;
    if (this.watcher && this.target?.dir === target.dir && this.target.name === target.name) return;
    this.watcher?.close();
    this.watcher = undefined;
    try {
      this.watcher = watch(target.dir, { persistent: false }, (_event, filename) => {
        if (filename === null || filename.toString() === target.name) this.changed();
      });
      this.watcher.on('error', (error) => {
        this.options.logger.log('warn', 'watch failed; watching again', { dir: target.dir, error: String(error) });
        this.watcher?.close();
        this.watcher = undefined;
        this.scheduleRetry();
      });
      this.target = target;
      this.options.logger.log('debug', 'watching for link changes', { dir: target.dir, name: target.name });
    } catch (error) {
      this.options.logger.log('warn', 'cannot watch; trying again', { dir: target.dir, error: String(error) });
      this.scheduleRetry();
      return;
    }
    // Nothing watched the new target before now (a retry after a failure, or
    // a deeper folder that just appeared): a change made in between, such as
    // the path appearing while the retry waited, would never be noticed.
    if ((await this.state()) !== this.seen) this.changed();
  }

  /** Whether the path exists, and the commit git-sync's link names, as one comparable string. */
  private async state(): Promise<string> {
    const link = await innermostLink(this.path).catch(() => undefined);
    const hash = link === undefined ? undefined : await linkedHash(link);
    return `${String(await exists(this.path))}:${hash ?? ''}`;
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.retarget(), this.options.retryMs ?? 1000);
    this.retry.unref();
  }

  private changed(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.fire(), this.options.debounceMs ?? 300);
    this.debounce.unref();
  }

  private async fire(): Promise<void> {
    if (this.closed || this.target === undefined) return;
    const entry = join(this.target.dir, this.target.name);
    this.seen = await this.state();
    this.options.onChange(await linkedHash(entry));
    // The link may have appeared where only a parent folder existed before.
    await this.retarget();
  }
}
