// `npm run bench`: for 100, 1,000 and 10,000 objects (several kinds, 20
// namespaces), seeds the emulated API server, writes the manifests to a temp
// folder, runs the measured part in a child process (bench/measure.ts) and
// prints wall time, API requests by verb, objects per second and peak RSS,
// with the budgets: 10,000 objects in at most 3 s, no more requests than
// discovery plus one LIST (and its pages) per type and namespace, 300 MB RSS.
// Then the page render benchmark (bench/page.ts). Exit 1 when over a budget.
// Sizes can be chosen, and the cluster layer measured alone:
// `npm run bench -- 100 1000`, `npm run bench -- --fetch 10000`.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApiServer } from '../test/support/apiserver/index.js';
import { reportPageBench } from './page.js';
import { DRIFT_EVERY, generateWorkload, liveObject, NAMESPACES, writeManifests } from './workload.js';
import type { Measurement, Mode } from './measure.js';

const run = promisify(execFile);

export const BUDGET = { wallMs: 3_000, objects: 10_000, rssBytes: 300 * 1024 * 1024 };
/** Page size of the cluster layer's LISTs. */
const PAGE = 500;

interface SizeResult {
  readonly size: number;
  readonly m: Measurement;
  readonly maxRequests: number;
  /** CPU time of the emulated API server (this process) while the check ran. */
  readonly serverCpuMs: number;
  /** 1-minute load average after the run: these machines are shared, so wall time depends on it. */
  readonly load: number;
}

async function benchSize(size: number, mode: Mode): Promise<SizeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-bench-'));
  const server = await startApiServer();
  try {
    const { namespaces, objects } = generateWorkload(size);
    for (const ns of namespaces) server.apply(ns);
    objects.forEach((obj, i) => server.apply(liveObject(obj, i)));
    writeManifests(join(dir, 'manifests'), objects);
    const serverCpu = process.cpuUsage();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'measure.ts'), mode, server.kubeconfigPath, join(dir, 'manifests')], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const m = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measurement;
    const used = process.cpuUsage(serverCpu);
    return { size, m, maxRequests: requestBudget(objects), serverCpuMs: (used.user + used.system) / 1000, load: loadavg()[0] ?? 0 };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// Discovery (aggregated: /api and /apis) plus, per type and namespace, one
// LIST and its pages, plus the HorizontalPodAutoscaler LIST of each namespace.
function requestBudget(objects: ReadonlyArray<Record<string, unknown>>): number {
  const perTypeNamespace = new Map<string, number>();
  for (const o of objects) {
    const key = `${String(o.apiVersion)} ${String(o.kind)} ${(o.metadata as { namespace: string }).namespace}`;
    perTypeNamespace.set(key, (perTypeNamespace.get(key) ?? 0) + 1);
  }
  let lists = 0;
  for (const count of perTypeNamespace.values()) lists += Math.max(1, Math.ceil(count / PAGE));
  return 2 + lists + NAMESPACES;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function expectedDrift(size: number): number {
  return Math.floor(size / DRIFT_EVERY);
}

function requestsBy(m: Measurement, verb: string): number {
  return m.requests.filter((r) => r.verb === verb).reduce((n, r) => n + r.count, 0);
}

function line(r: SizeResult): string {
  const total = r.m.requests.reduce((n, c) => n + c.count, 0);
  const perSecond = Math.round(r.m.objects / (r.m.wallMs / 1000));
  const verbs = ['discovery', 'list', 'get'].map((v) => `${v} ${requestsBy(r.m, v)}`).join(', ');
  return [
    `${String(r.size).padStart(6)} objects (${r.m.mode})`,
    `wall ${r.m.wallMs.toFixed(0).padStart(5)} ms (CPU: check ${r.m.cpuMs.toFixed(0)} ms, API server ${r.serverCpuMs.toFixed(0)} ms; load ${r.load.toFixed(1)})`,
    `${String(perSecond).padStart(6)} objects/s`,
    `requests ${total} (${verbs}; budget ${r.maxRequests})`,
    `peak RSS ${mb(r.m.peakRssBytes)} MB (${mb(r.m.baselineRssBytes)} MB before the check)`,
    r.m.mode === 'check'
      ? `in sync ${r.m.states.inSync}, drifted ${r.m.states.drifted}, missing ${r.m.states.missing}, errors ${r.m.states.error}`
      : `found ${r.m.states.inSync}, missing ${r.m.states.missing}, errors ${r.m.states.error}`,
  ].join(' | ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode: Mode = args.includes('--fetch') ? 'fetch' : 'check';
  const sizes = args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  let ok = true;
  for (const size of sizes.length > 0 ? sizes : [100, 1_000, 10_000]) {
    const r = await benchSize(size, mode);
    console.log(line(r));
    const total = r.m.requests.reduce((n, c) => n + c.count, 0);
    const checks = [
      [`requests ${total} <= ${r.maxRequests}`, total <= r.maxRequests],
      [`RSS <= ${BUDGET.rssBytes / 1024 / 1024} MB`, r.m.peakRssBytes <= BUDGET.rssBytes],
      [`no errors`, r.m.states.error === 0],
      ...(mode === 'check' ? [[`drift found in exactly the ${expectedDrift(size)} drifted objects`, r.m.states.drifted === expectedDrift(size)] as const] : []),
      ...(size >= BUDGET.objects ? [[`wall <= ${BUDGET.wallMs} ms`, r.m.wallMs <= BUDGET.wallMs] as const] : []),
    ] as const;
    for (const [what, met] of checks) {
      if (!met) ok = false;
      console.log(`        budget ${what}: ${met ? 'met' : 'NOT MET'}`);
    }
  }
  if (!reportPageBench((text) => console.log(text))) ok = false;
  process.exitCode = ok ? 0 : 1;
}

await main();
