// How much fuzzing a run does. CI runs a few dozen cases per property (each
// case is a real check over real HTTP); KUBEDIFF_FUZZ_RUNS=<n> runs more, and
// KUBEDIFF_FUZZ_SEED=<seed> (printed with every failure) replays one run.
import vm from 'node:vm';
import v8 from 'node:v8';
import type { Parameters } from 'fast-check';

export function fuzzParameters<T>(defaultRuns: number): Parameters<T> {
  const runs = Number(process.env.KUBEDIFF_FUZZ_RUNS ?? defaultRuns);
  const seed = process.env.KUBEDIFF_FUZZ_SEED;
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    // Shrinking re-runs whole checks: keep it bounded so a failure is reported in minutes, not hours.
    endOnFailure: false,
    interruptAfterTimeLimit: 20 * 60_000,
  };
}

/** The garbage collector, for measuring what stays allocated (tests run without --expose-gc). */
export function collectGarbage(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Heap in use after a full collection, in bytes. */
export function settledHeap(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
