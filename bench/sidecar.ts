// The sidecar's memory: prom-run from dist/ (what the image runs) with the
// built-in checker against the emulated API server holding `size` objects,
// run back to back (-period=200ms) until `runs` runs have finished; then, at
// the first moment between two runs, its resident memory (VmRSS), and its
// peak (VmHWM) from /proc. Back to back is the hard case: V8 gets no idle
// time to give memory back, as it has in the minute between real runs.
// Targets: at most 100 MB resident at 2,000 objects and 180 MB at 10,000,
// after 20 runs.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startApiServer } from '../test/support/apiserver/index.js';
import { generateWorkload, liveObject, writeManifests } from './workload.js';

export const SIDECAR_TARGETS: Readonly<Record<number, number>> = { 2_000: 100 * 1024 * 1024, 10_000: 180 * 1024 * 1024 };

export interface SidecarResult {
  readonly size: number;
  readonly runs: number;
  readonly rssBytes: number;
  readonly peakRssBytes: number;
  /** Median duration of the runs, from /api/status. */
  readonly medianRunSeconds: number;
  /** CPU time (user + system) of prom-run per run, start-up included: holds on a loaded machine where wall time does not. */
  readonly cpuSecondsPerRun: number;
  readonly lastExitCode: number;
}

interface StatusJson {
  state: string;
  totals: { runs: number };
  recent: Array<{ durationSeconds: number; exitCode: number }>;
}

/** utime + stime of the process, in seconds (clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? Number.NaN) * 1024;
}

export async function benchSidecar(distDir: string, size: number, runs = 20): Promise<SidecarResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-bench-sidecar-'));
  const server = await startApiServer();
  const { namespaces, objects } = generateWorkload(size);
  for (const ns of namespaces) server.apply(ns);
  objects.forEach((obj, i) => server.apply(liveObject(obj, i)));
  writeManifests(join(dir, 'manifests'), objects);
  objects.length = 0; // the bench's own copy is not needed any more
  // Executed as the image runs it, so that its #! line (with V8's memory flags) applies.
  const child = spawn(
    join(distDir, 'cmd', 'prom-run.js'),
    ['-listen-addr=127.0.0.1:0', '-period=200ms', '-timeout=5m', 'kubediff', '--kubeconfig', server.kubeconfigPath, join(dir, 'manifests')],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: dir } },
  );
  try {
    const url = await listeningUrl(child);
    let status: StatusJson;
    const pid = child.pid as number;
    let rssBytes: number;
    let cpu: number;
    for (;;) {
      status = (await (await fetch(`${url}/api/status`)).json()) as StatusJson;
      rssBytes = procStatus(pid, 'VmRSS');
      cpu = cpuSeconds(pid);
      if (status.totals.runs >= runs && status.state === 'idle') break;
      if (child.exitCode !== null) throw new Error(`prom-run exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, status.totals.runs >= runs ? 10 : 250));
    }
    const durations = status.recent.map((r) => r.durationSeconds).sort((a, b) => a - b);
    return {
      size,
      runs: status.totals.runs,
      rssBytes,
      peakRssBytes: procStatus(pid, 'VmHWM'),
      medianRunSeconds: durations[Math.floor(durations.length / 2)] ?? Number.NaN,
      cpuSecondsPerRun: cpu / status.totals.runs,
      lastExitCode: status.recent[0]?.exitCode ?? -1,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('close', resolve)));
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function listeningUrl(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'listening' && entry.url) resolve(entry.url);
        } catch {
          // not a log line
        }
      }
    });
    child.once('close', (code) => reject(new Error(`prom-run exited with ${code} before listening`)));
  });
}

export function reportSidecar(r: SidecarResult, write: (line: string) => void): boolean {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  const target = SIDECAR_TARGETS[r.size];
  write(
    `sidecar: ${String(r.size).padStart(6)} objects, after ${r.runs} runs: resident ${mb(r.rssBytes)} MB between runs, peak ${mb(r.peakRssBytes)} MB (median run ${r.medianRunSeconds.toFixed(2)} s, CPU ${r.cpuSecondsPerRun.toFixed(2)} s per run, last exit ${r.lastExitCode})`,
  );
  if (target === undefined) return true;
  const met = r.rssBytes <= target;
  write(`        target resident <= ${mb(target)} MB: ${met ? 'met' : 'NOT MET'}`);
  return met;
}

// Run alone: `node --import tsx bench/sidecar.ts [dist dir] [sizes...]` (build first: npm run build).
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist = join(import.meta.dirname, '..', 'dist'), ...sizes] = process.argv.slice(2);
  let ok = true;
  for (const size of sizes.length > 0 ? sizes.map(Number) : [2_000, 10_000]) {
    if (!reportSidecar(await benchSidecar(dist, size), (line) => console.log(line))) ok = false;
  }
  process.exitCode = ok ? 0 : 1;
}
