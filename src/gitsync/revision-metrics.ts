// Metrics that tell "git-sync stopped syncing" from "the cluster drifted":
// which commit was checked, when it was committed, and when the checkout last
// changed. Built on the registry passed in, and registered on the first run
// of the built-in checker (a command-mode prom-run does not export them).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CheckoutObservation } from './checkout-state.js';

/**
 * A gauge without labels that is absent until it has a value: prom-client
 * would export 0, a timestamp of 1970, which alerts would take for "very old".
 */
class OptionalGauge {
  private readonly gauge: Gauge;
  private registered = false;

  constructor(
    private readonly registry: Registry,
    private readonly name: string,
    help: string,
  ) {
    this.gauge = new Gauge({ name, help, registers: [] });
  }

  set(value: number): void {
    if (!this.registered) this.registry.registerMetric(this.gauge);
    this.registered = true;
    this.gauge.set(value);
  }

  clear(): void {
    if (this.registered) this.registry.removeSingleMetric(this.name);
    this.registered = false;
  }
}

export class RevisionMetrics {
  private readonly info: Gauge<'revision' | 'short_revision'>;
  private readonly commitTime: OptionalGauge;
  private readonly checkoutChanged: OptionalGauge;
  private readonly discarded: Counter;
  private current: string | undefined;
  private active = false;

  constructor(private readonly registry: Registry) {
    this.info = new Gauge({
      name: 'kubediff_git_revision_info',
      help: 'The git commit the last run checked (always 1; the old series is removed when the commit changes).',
      labelNames: ['revision', 'short_revision'],
      registers: [],
    });
    this.commitTime = new OptionalGauge(
      registry,
      'kubediff_git_commit_timestamp_seconds',
      'Commit time of the git commit the last run checked.',
    );
    this.checkoutChanged = new OptionalGauge(
      registry,
      'kubediff_git_checkout_changed_timestamp_seconds',
      'When the checkout last changed (git-sync published a new commit), as seen by the last run.',
    );
    this.discarded = new Counter({
      name: 'kubediff_git_discarded_runs_total',
      help: 'Runs thrown away because git-sync changed the checkout while they read it.',
      registers: [],
    });
  }

  private activate(): void {
    if (this.active) return;
    this.active = true;
    this.registry.registerMetric(this.info);
    this.registry.registerMetric(this.discarded);
  }

  observe(observation: CheckoutObservation): void {
    this.activate();
    const { revision } = observation;
    // A checkout with uncommitted changes is not that commit: its labels say so.
    const dirty = revision?.dirty ? '+dirty' : '';
    const labelled = revision && `${revision.hash}${dirty}`;
    if (labelled !== this.current) {
      this.info.reset();
      this.current = labelled;
    }
    if (revision === undefined) {
      this.commitTime.clear();
    } else {
      this.info.set({ revision: `${revision.hash}${dirty}`, short_revision: `${revision.shortHash}${dirty}` }, 1);
      this.commitTime.set(Date.parse(revision.committedAt) / 1000);
    }
    this.checkoutChanged.set(observation.changedAtMs / 1000);
  }

  /** Called after every run of the checker, with the runs thrown away (often 0). */
  countDiscarded(runs: number): void {
    this.activate();
    if (runs > 0) this.discarded.inc(runs);
  }
}
