// The measured side of the benchmark, run in a child process of bench/run.ts so
// that its peak RSS is the checker's alone. Mode `check` (default): the whole
// check, runCheck over the manifest folder, twice with one schema cache as a
// sidecar's runs are: cold (the OpenAPI v3 documents fetched and parsed) and
// warm (kept by their hash). Mode `fetch`: only the cluster layer (discovery,
// fetchObjects, listHpaTargets) for the manifests' objects. Prints one JSON
// line of figures.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname } from 'node:path';
import { runCheck } from '../src/kubediff/check.js';
import { createClusterReader, loadClusterConfig, objectKey } from '../src/kubediff/cluster/index.js';
import { loadSources } from '../src/kubediff/sources/index.js';
import { silentLogger } from '../src/log/logger.js';
import type { RequestCount, SchemaUse } from '../src/kubediff/result.js';
import { createSchemaCache, type SchemaCache } from '../src/kubediff/schema/index.js';

export type Mode = 'check' | 'fetch';

export interface Measurement {
  readonly mode: Mode;
  readonly objects: number;
  readonly wallMs: number;
  /** CPU time (user + system) the measured process spent in the check. */
  readonly cpuMs: number;
  readonly requests: RequestCount[];
  readonly peakRssBytes: number;
  /** RSS once the modules are loaded, before the check: what the runtime and libraries cost on their own. */
  readonly baselineRssBytes: number;
  readonly states: { inSync: number; drifted: number; missing: number; error: number };
  readonly exitCode?: number;
  /** How the cluster's schemas served the check (mode `check`). */
  readonly schemas?: SchemaUse;
  /** The same check run again with the schema cache of the first (mode `check`). */
  readonly warm?: Measurement;
  /** CPU time of the processes the process ran and waited for so far (kustomize builds), from /proc; absent elsewhere. */
  readonly childCpuMs?: number;
}

async function measureCheck(kubeconfig: string, manifests: string): Promise<Measurement> {
  const schemaCache = createSchemaCache();
  const cold = await checkOnce(kubeconfig, manifests, schemaCache);
  const warm = await checkOnce(kubeconfig, manifests, schemaCache);
  return { ...cold, warm };
}

async function checkOnce(kubeconfig: string, manifests: string, schemaCache: SchemaCache): Promise<Measurement> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  // PATH: kustomizations are built with kubectl.
  const report = await runCheck({ paths: [manifests], kubeconfig, env: { PATH: process.env.PATH ?? '' }, homeDir: dirname(kubeconfig) }, { logger: silentLogger, schemaCache });
  const wallMs = performance.now() - start;
  const cpuMs = cpuSince(cpu);
  const children = childCpuMs();
  const { inSync, drifted, missing, error } = report.totals;
  return {
    mode: 'check',
    objects: report.totals.objects,
    wallMs,
    cpuMs,
    requests: [...report.requests],
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    baselineRssBytes,
    states: { inSync, drifted, missing, error: error + report.errors.length },
    exitCode: report.exitCode,
    ...(report.schemas ? { schemas: report.schemas } : {}),
    ...(children === undefined ? {} : { childCpuMs: children }),
  };
}

async function measureFetch(kubeconfig: string, manifests: string): Promise<Measurement> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const set = await loadSources([manifests]);
  const config = loadClusterConfig({ kubeconfig, env: {}, homeDir: dirname(kubeconfig) });
  const reader = createClusterReader(config, { logger: silentLogger });
  const discovery = await reader.discover();
  const refs = set.objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace ?? config.namespace, name: o.name }));
  const namespaces = [...new Set(refs.map((r) => r.namespace))];
  const [results] = await Promise.all([reader.fetchObjects(refs, discovery), reader.listHpaTargets(namespaces)]);
  const wallMs = performance.now() - start;
  const cpuMs = cpuSince(cpu);
  const states = { inSync: 0, drifted: 0, missing: 0, error: 0 };
  for (const ref of refs) {
    const result = results.get(objectKey(ref));
    if (result && 'object' in result) states.inSync++; // found; not compared in this mode
    else if (result && 'notFound' in result) states.missing++;
    else states.error++;
  }
  reader.close();
  return { mode: 'fetch', objects: refs.length, wallMs, cpuMs, requests: reader.requestCounts(), peakRssBytes: process.resourceUsage().maxRSS * 1024, baselineRssBytes, states };
}

/** cutime + cstime of /proc/self/stat (clock ticks of 10 ms): CPU of waited-for children. */
function childCpuMs(): number | undefined {
  try {
    const text = readFileSync('/proc/self/stat', 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const baselineRssBytes = process.memoryUsage().rss;
const [mode, kubeconfig, manifests] = process.argv.slice(2);
if ((mode !== 'check' && mode !== 'fetch') || !kubeconfig || !manifests) {
  process.stderr.write('usage: measure.ts check|fetch <kubeconfig> <manifest dir>\n');
  process.exit(2);
}
(mode === 'check' ? measureCheck : measureFetch)(kubeconfig, manifests).then(
  (m) => process.stdout.write(`${JSON.stringify(m)}\n`),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
