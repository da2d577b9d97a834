// `npm run bench`: for 100, 1,000 and 10,000 objects (several kinds, 20
// namespaces), seeds the emulated API server, writes the manifests to a temp
// folder, runs the measured part in a child process (bench/measure.ts) and
// prints wall time, API requests by verb, objects per second and peak RSS,
// with the budgets: 10,000 objects in at most 3 s, no more requests than
// discovery plus one LIST (and its pages) per type and namespace plus the
// OpenAPI v3 index and one document per group-version (the index alone when
// warm), 300 MB RSS. Each size is checked cold (schemas fetched and parsed)
// and warm (a sidecar's next run: schemas from its cache). Then the page
// render benchmark (bench/page.ts), and the cost of kustomize builds
// (bench/kustomize.ts). Exit 1 when over a budget. Sizes can be chosen, the
// cluster layer measured alone, the schemas turned off (the server answers 404
// on /openapi/v3, as before Kubernetes 1.24), or the builds measured alone:
// `npm run bench -- --kustomize`, `npm run bench -- 100 1000`, `npm run bench -- --fetch 10000`, `npm run bench -- --no-schemas 10000`.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApiServer } from '../test/support/apiserver/index.js';
import { reportKustomizeBench } from './kustomize.js';
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
  /** Group-versions of the workload: the OpenAPI v3 documents a cold check reads. */
  readonly groupVersions: number;
  /** CPU time of the emulated API server (this process) while the check ran. */
  readonly serverCpuMs: number;
  /** 1-minute load average after the run: these machines are shared, so wall time depends on it. */
  readonly load: number;
}

async function benchSize(size: number, mode: Mode, schemas: boolean): Promise<SizeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-bench-'));
  const server = await startApiServer();
  if (!schemas) server.faults.failNext({ status: 404, path: '/openapi/v3', count: Number.MAX_SAFE_INTEGER });
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
    const groupVersions = new Set(objects.map((o) => String(o.apiVersion))).size;
    return { size, m, maxRequests: requestBudget(objects), groupVersions, serverCpuMs: (used.user + used.system) / 1000, load: loadavg()[0] ?? 0 };
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

function schemaText(m: Measurement): string {
  const s = m.schemas;
  if (!s) return '';
  return s.state === 'used' ? `; schemas ${s.groupVersions} group-versions: ${s.fetched} fetched, ${s.cached} cached` : '; schemas unavailable';
}

function line(r: SizeResult, m: Measurement, phase: string, budget: number): string {
  const total = m.requests.reduce((n, c) => n + c.count, 0);
  const perSecond = Math.round(m.objects / (m.wallMs / 1000));
  const verbs = ['discovery', 'list', 'get', 'openapi'].map((v) => `${v} ${requestsBy(m, v)}`).join(', ');
  return [
    `${String(r.size).padStart(6)} objects (${m.mode}${phase})`,
    `wall ${m.wallMs.toFixed(0).padStart(5)} ms (CPU: check ${m.cpuMs.toFixed(0)} ms${phase === ', warm' ? '' : `, API server ${r.serverCpuMs.toFixed(0)} ms`}; load ${r.load.toFixed(1)})`,
    `${String(perSecond).padStart(6)} objects/s`,
    `requests ${total} (${verbs}; budget ${budget}${schemaText(m)})`,
    `peak RSS ${mb(m.peakRssBytes)} MB (${mb(m.baselineRssBytes)} MB before the check)`,
    m.mode === 'check'
      ? `in sync ${m.states.inSync}, drifted ${m.states.drifted}, missing ${m.states.missing}, errors ${m.states.error}`
      : `found ${m.states.inSync}, missing ${m.states.missing}, errors ${m.states.error}`,
  ].join(' | ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--kustomize')) {
    process.exitCode = (await reportKustomizeBench((text) => console.log(text))) ? 0 : 1;
    return;
  }
  const mode: Mode = args.includes('--fetch') ? 'fetch' : 'check';
  const schemas = !args.includes('--no-schemas');
  const sizes = args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  let ok = true;
  for (const size of sizes.length > 0 ? sizes : [100, 1_000, 10_000]) {
    const r = await benchSize(size, mode, schemas);
    // The OpenAPI v3 index, then one document per group-version when cold; the index alone when warm.
    const phases: Array<[Measurement, string, number]> = [[r.m, mode === 'check' ? ', cold' : '', r.maxRequests + (mode === 'check' && schemas ? 1 + r.groupVersions : 0)]];
    if (r.m.warm) phases.push([r.m.warm, ', warm', r.maxRequests + (schemas ? 1 : 0)]);
    for (const [m, phase, budget] of phases) {
      console.log(line(r, m, phase, budget));
      const total = m.requests.reduce((n, c) => n + c.count, 0);
      const checks = [
        [`requests ${total} <= ${budget}`, total <= budget],
        [`RSS <= ${BUDGET.rssBytes / 1024 / 1024} MB`, m.peakRssBytes <= BUDGET.rssBytes],
        [`no errors`, m.states.error === 0],
        ...(mode === 'check' ? [[`drift found in exactly the ${expectedDrift(size)} drifted objects`, m.states.drifted === expectedDrift(size)] as const] : []),
        ...(mode === 'check' && schemas ? [[`schemas used`, m.schemas?.state === 'used' && m.schemas.groupVersions === r.groupVersions] as const] : []),
        ...(size >= BUDGET.objects ? [[`wall <= ${BUDGET.wallMs} ms`, m.wallMs <= BUDGET.wallMs] as const] : []),
      ] as const;
      for (const [what, met] of checks) {
        if (!met) ok = false;
        console.log(`        budget ${what}: ${met ? 'met' : 'NOT MET'}`);
      }
    }
  }
  if (!reportPageBench((text) => console.log(text))) ok = false;
  if (sizes.length === 0 && !(await reportKustomizeBench((text) => console.log(text)))) ok = false;
  process.exitCode = ok ? 0 : 1;
}

await main();
