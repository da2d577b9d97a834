// Is memory flat over many runs? Samples are the heap after a full garbage
// collection between runs; small caches settle in the first runs, so single
// samples are not compared: the highest of the last third of the runs must
// not be above the highest of the first third (after the warm-up run) by more
// than a small margin. A leak grows with every run and fails this.

export interface MemorySample {
  readonly run: number;
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
}

const MB = 1024 * 1024;

/** What grew, in words, or undefined when memory is flat. */
export function flatnessProblem(samples: readonly MemorySample[], margin = { ratio: 1.02, bytes: 4 * MB }): string | undefined {
  if (samples.length < 3) return `only ${samples.length} samples: at least 3 are needed`;
  const third = Math.max(1, Math.floor(samples.length / 3));
  // The first run warms up (code loaded, caches filled): the baseline starts after it.
  const first = samples.slice(1, 1 + third);
  const last = samples.slice(-third);
  const peak = (list: readonly MemorySample[]) => Math.max(...list.map((s) => s.heapUsedBytes));
  const allowed = peak(first) * margin.ratio + margin.bytes;
  if (peak(last) <= allowed) return undefined;
  return `heap grew: the last runs peaked at ${(peak(last) / MB).toFixed(1)} MB, the early runs at ${(peak(first) / MB).toFixed(1)} MB (allowed ${(allowed / MB).toFixed(1)} MB)`;
}
