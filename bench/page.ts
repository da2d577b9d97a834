// Page benchmark: how long the kubediff page takes to render, and how big it
// is, with 1,000 drifted objects (each with differences, a suppressed one and
// a 30-line diff) and 60 runs of history. Budget: under 300 ms.
import { performance } from 'node:perf_hooks';
import { NO_FILTER } from '../src/web/kubediff/filter.js';
import { renderKubediffPage } from '../src/web/kubediff/page.js';
import { makePageData, makeRuns, syntheticDriftReport } from '../test/web/kubediff/report-fixture.js';

export interface PageBenchResult {
  readonly objects: number;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly htmlBytes: number;
  readonly budgetMs: number;
}

export const PAGE_BUDGET_MS = 300;

export function benchPage(objects = 1000, rounds = 15): PageBenchResult {
  const data = makePageData(syntheticDriftReport(objects), { history: makeRuns(60) });
  renderKubediffPage(data, NO_FILTER); // warm-up: JIT and string interning
  const times: number[] = [];
  let html = '';
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    html = renderKubediffPage(data, NO_FILTER);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    objects,
    medianMs: times[Math.floor(times.length / 2)] as number,
    maxMs: times[times.length - 1] as number,
    htmlBytes: Buffer.byteLength(html),
    budgetMs: PAGE_BUDGET_MS,
  };
}

/** One line per figure for `npm run bench`; false when over budget. */
export function reportPageBench(write: (line: string) => void): boolean {
  const r = benchPage();
  const ok = r.medianMs < r.budgetMs;
  write(`page: ${r.objects} drifted objects rendered in ${r.medianMs.toFixed(1)} ms median (max ${r.maxMs.toFixed(1)} ms, budget ${r.budgetMs} ms), ${(r.htmlBytes / 1024).toFixed(0)} KiB of HTML ${ok ? 'ok' : 'OVER BUDGET'}`);
  return ok;
}

// Run alone: `node --import tsx bench/page.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = reportPageBench((line) => console.log(line)) ? 0 : 1;
}
