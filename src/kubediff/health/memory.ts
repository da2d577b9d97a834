// What health needs to remember from one run to the next, and nothing more:
// for each object that was not Healthy, since when and how far it had got;
// for each pod that had restarted, how often. prom-run holds one
// HealthMemory for the life of the process; the one-shot CLI has none.
import type { HealthStatus } from '../result.js';

export interface RememberedObject {
  /** The status the rules gave (Progressing even when the deadline turned it into Degraded). */
  readonly status: HealthStatus;
  /** Epoch ms of the first run that saw this status. */
  readonly since: number;
  /** For Progressing: the rule's progress marker, and the epoch ms it was first seen. */
  readonly progress?: string;
  readonly progressSince?: number;
}

export interface HealthState {
  /** Epoch ms the run started. */
  readonly at: number;
  /** By objectKey(); only objects that were not Healthy. */
  readonly objects: ReadonlyMap<string, RememberedObject>;
  /** Sum of container restart counts by pod uid; only pods with restarts. */
  readonly podRestarts: ReadonlyMap<string, number>;
}

export interface HealthMemory {
  /** The last completed run's state, if any. */
  previous(): HealthState | undefined;
  /** Called by a check that finished (not cancelled, cluster reached). */
  remember(state: HealthState): void;
}

export function createHealthMemory(): HealthMemory {
  let last: HealthState | undefined;
  return {
    previous: () => last,
    remember(state) {
      last = state;
    },
  };
}
