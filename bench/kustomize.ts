// The cost of kustomize builds per run (`npm run bench`, or `npm run bench --
// --kustomize`): 10 overlays over one base (namePrefix and namespace each, one
// base of 100 objects with a configMapGenerator), 1,000 objects in all, checked
// once as the kustomize layout (10 `kubectl kustomize` builds) and once as the
// same 1,000 objects written out as plain files. The difference is what the
// builds cost a run. Both in a child process (bench/measure.ts), against the
// emulated API server holding what `kubectl apply -k` would have applied.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { startApiServer } from '../test/support/apiserver/index.js';
import type { Measurement } from './measure.js';
import { generateWorkload } from './workload.js';

const run = promisify(execFile);
export const OVERLAYS = 10;
/** Objects in the base: with the generated ConfigMap, OVERLAYS * (BASE_OBJECTS + 1) objects are checked. */
const BASE_OBJECTS = 99;
type Json = Record<string, unknown>;

/** base/ and overlays/o00..o09/ under `dir`. */
function writeLayout(dir: string): void {
  const { objects } = generateWorkload(BASE_OBJECTS);
  mkdirSync(join(dir, 'base'), { recursive: true });
  const files: string[] = [];
  objects.forEach((object, i) => {
    const { namespace: _dropped, ...metadata } = object.metadata as Json;
    const file = `${String(object.kind).toLowerCase()}-${i}.yaml`;
    writeFileSync(join(dir, 'base', file), stringify({ ...object, metadata }));
    files.push(file);
  });
  writeFileSync(join(dir, 'base', 'kustomization.yaml'), stringify({
    resources: files,
    configMapGenerator: [{ name: 'settings', literals: ['LOG_LEVEL=info', 'REGION=eu-west-1'] }],
  }));
  for (let i = 0; i < OVERLAYS; i++) {
    const name = `o${String(i).padStart(2, '0')}`;
    mkdirSync(join(dir, 'overlays', name), { recursive: true });
    writeFileSync(join(dir, 'overlays', name, 'kustomization.yaml'), stringify({ namePrefix: `${name}-`, namespace: `bench-${name}`, resources: ['../../base'] }));
  }
}

async function build(dir: string): Promise<Json[]> {
  const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((document) => document.toJS() as Json);
}

async function measure(kubeconfig: string, path: string): Promise<Measurement> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'measure.ts'), 'check', kubeconfig, path], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

/** Prints the figures; false when a check found anything but the objects in sync. */
export async function reportKustomizeBench(print: (text: string) => void): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-bench-kustomize-'));
  const server = await startApiServer();
  try {
    const repo = join(dir, 'repo');
    writeLayout(repo);
    const plain = join(dir, 'plain');
    mkdirSync(plain);
    let count = 0;
    for (let i = 0; i < OVERLAYS; i++) {
      const name = `o${String(i).padStart(2, '0')}`;
      server.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${name}` } });
      const objects = await build(join(repo, 'overlays', name));
      for (const object of objects) server.apply(object);
      writeFileSync(join(plain, `${name}.yaml`), objects.map((object) => stringify(object)).join('---\n'));
      count += objects.length;
    }
    const built = await measure(server.kubeconfigPath, repo);
    const files = await measure(server.kubeconfigPath, plain);
    const line = (what: string, m: Measurement) =>
      `${what.padEnd(34)} wall ${m.wallMs.toFixed(0).padStart(5)} ms | CPU: kubediff ${m.cpuMs.toFixed(0).padStart(4)} ms, builds ${(m.childCpuMs ?? 0).toFixed(0).padStart(4)} ms | peak RSS ${(m.peakRssBytes / 1024 / 1024).toFixed(0)} MB | in sync ${m.states.inSync} of ${m.objects}`;
    print(`kustomize: ${OVERLAYS} overlays over one base, ${count} objects (load ${(loadavg()[0] ?? 0).toFixed(1)})`);
    print(`  ${line(`${OVERLAYS} kubectl kustomize builds`, built)}`);
    print(`  ${line('the same objects as plain files', files)}`);
    const extra = built.wallMs - files.wallMs;
    print(`  builds cost ${extra.toFixed(0)} ms a run, ${(extra / OVERLAYS).toFixed(0)} ms per kustomization (wall, ${Math.min(4, OVERLAYS)} at a time)`);
    return [built, files].every((m) => m.objects === count && m.states.inSync === count && m.exitCode === 0);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
