// What the git-sync integration knows about the checkout between runs: the
// commit last checked (so a webhook for it needs no run) and when the checkout
// last changed. One instance per runner, created at start-up and passed in.
import type { Revision } from '../kubediff/result.js';
import type { Snapshot } from './snapshot.js';

export interface CheckoutObservation {
  readonly revision: Revision | undefined;
  /** Epoch ms: git-sync's link mtime, else when this process first saw the checkout as it is. */
  readonly changedAtMs: number;
}

export class CheckoutState {
  private checkedHash: string | undefined;
  private key: string | undefined;
  private changedAtMs: number | undefined;
  private everFound = false;
  private started = 0;
  private lastFinished = 0;

  /** Called when a run starts; returns its number (1, 2, ...). */
  beginRun(): number {
    this.started += 1;
    return this.started;
  }

  /** Called when a run ends, whatever its outcome. */
  endRun(run: number): void {
    this.lastFinished = Math.max(this.lastFinished, run);
  }

  /** Runs started so far. */
  get runsStarted(): number {
    return this.started;
  }

  /** The number of the latest run that has ended (0 before any). */
  get lastFinishedRun(): number {
    return this.lastFinished;
  }

  /** The commit of the latest finished run, if it was a git checkout. */
  get lastCheckedHash(): string | undefined {
    return this.checkedHash;
  }

  /** True once the configured paths have existed (git-sync synced at least once). */
  get found(): boolean {
    return this.everFound;
  }

  /** The configured paths exist: from now on a missing path is an error, not "waiting". */
  markFound(): void {
    this.everFound = true;
  }

  /** Records a finished, consistent run and says what it checked. */
  record(snapshot: Snapshot, revision: Revision | undefined, nowMs: number): CheckoutObservation {
    this.everFound = true;
    this.checkedHash = revision?.hash;
    const key = `${snapshot.paths.map((path) => path.resolved).join('\0')}\0${revision?.hash ?? ''}`;
    if (snapshot.link !== undefined) {
      this.changedAtMs = snapshot.link.changedAtMs;
    } else if (key !== this.key || this.changedAtMs === undefined) {
      this.changedAtMs = nowMs;
    }
    this.key = key;
    return { revision, changedAtMs: this.changedAtMs };
  }
}
