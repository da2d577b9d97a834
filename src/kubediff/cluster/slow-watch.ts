// Says so in the log while requests wait long on the API server (or on its
// credentials): with no time limit but the run's, a slow server must not look
// like a hung kubediff. One line when the oldest request has waited `afterMs`,
// then one every three times that while any still waits; never one per request.
import type { Logger } from '../../log/logger.js';

export const SLOW_AFTER_MS = 10_000;

export interface SlowWatch {
  /** A request started; returns its ticket for finished(). */
  started(what: string): number;
  finished(ticket: number): void;
  /** Stops the timer (the reader is closed). */
  stop(): void;
}

export interface SlowWatchOptions {
  readonly logger: Logger;
  readonly server: string;
  readonly afterMs?: number;
  readonly clock?: () => number;
}

export function createSlowWatch({ logger, server, afterMs = SLOW_AFTER_MS, clock = Date.now }: SlowWatchOptions): SlowWatch {
  // Insertion order: the first entry is the oldest request still waiting.
  const waiting = new Map<number, { what: string; since: number }>();
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastLogAt: number | undefined;

  function schedule(): void {
    clearTimeout(timer);
    timer = undefined;
    const oldest = waiting.values().next().value;
    if (oldest === undefined) {
      lastLogAt = undefined;
      return;
    }
    const due = lastLogAt === undefined ? oldest.since + afterMs : lastLogAt + 3 * afterMs;
    timer = setTimeout(check, Math.max(0, due - clock()));
    timer.unref();
  }

  function check(): void {
    const oldest = waiting.values().next().value;
    if (oldest !== undefined && clock() - oldest.since >= afterMs) {
      lastLogAt = clock();
      logger.log('warn', 'still waiting for the Kubernetes API server', {
        server,
        requests_waiting: waiting.size,
        oldest: oldest.what,
        waited_seconds: Math.round((clock() - oldest.since) / 1000),
      });
    }
    schedule();
  }

  return {
    started(what) {
      const ticket = next++;
      waiting.set(ticket, { what, since: clock() });
      if (timer === undefined) schedule();
      return ticket;
    },
    finished(ticket) {
      const wasOldest = waiting.keys().next().value === ticket;
      waiting.delete(ticket);
      if (wasOldest) {
        if (waiting.size === 0) lastLogAt = undefined;
        schedule();
      }
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      waiting.clear();
    },
  };
}
