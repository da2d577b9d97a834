// Whole-process measurements for the bench: wall time from spawn to exit, and
// peak resident memory (from bench/peak-rss.mjs, preloaded in separate
// rounds so that preloading does not count in the wall time). Medians of
// several rounds, the programs measured in turn within each round so that a
// burst of load on these shared machines falls on all of them alike.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Program {
  readonly label: string;
  /** Arguments to node (the script and its arguments). */
  readonly args: readonly string[];
  /** Exit codes that mean the program worked (default [0]). */
  readonly okCodes?: readonly number[];
}

export interface ProgramFigures {
  readonly label: string;
  readonly wallMs: number[];
  readonly peakRssBytes: number[];
}

const PRELOAD = join(import.meta.dirname, 'peak-rss.mjs');

/** One run of `node ...args`: wall milliseconds and, when `rssFile` is given, the peak RSS it wrote. */
export async function runNode(program: Program, rssFile?: string): Promise<{ wallMs: number; peakRssBytes?: number }> {
  const args = rssFile ? ['--import', PRELOAD, ...program.args] : [...program.args];
  const env: NodeJS.ProcessEnv = { ...process.env, ...(rssFile ? { KUBEDIFF_BENCH_RSS_FILE: rssFile } : {}) };
  delete env.NODE_OPTIONS; // the measured process gets nothing the bench itself runs with (tsx)
  const start = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (exitCode) => {
      if (!(program.okCodes ?? [0]).includes(exitCode ?? -1)) reject(new Error(`${program.label}: exit ${exitCode}: ${stderr}`));
      else resolve(exitCode);
    });
  });
  const wallMs = performance.now() - start;
  void code;
  if (!rssFile) return { wallMs };
  return { wallMs, peakRssBytes: Number(readFileSync(rssFile, 'utf8')) };
}

/** `rounds` rounds of wall time and `memoryRounds` of peak RSS, programs interleaved. */
export async function measurePrograms(programs: readonly Program[], rounds: number, memoryRounds: number): Promise<ProgramFigures[]> {
  const figures = programs.map((p) => ({ label: p.label, wallMs: [] as number[], peakRssBytes: [] as number[] }));
  const dir = mkdtempSync(join(tmpdir(), 'kubediff-bench-rss-'));
  try {
    // One warm-up round: the first spawn of each reads its files from disk.
    for (const program of programs) await runNode(program);
    for (let round = 0; round < rounds; round++) {
      for (const [i, program] of programs.entries()) figures[i]!.wallMs.push((await runNode(program)).wallMs);
    }
    for (let round = 0; round < memoryRounds; round++) {
      for (const [i, program] of programs.entries()) {
        const rss = (await runNode(program, join(dir, `rss-${i}`))).peakRssBytes;
        if (rss !== undefined) figures[i]!.peakRssBytes.push(rss);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
