// The soak: prom-run (its real runner, scheduler, metrics and web server, as
// cmd/prom-run.ts starts them) runs the built-in checker against the emulated
// API server run after run; after each, the page, /output.txt, /api/status
// and /metrics are read as a person and Prometheus read them, then the heap is
// measured after a full garbage collection, with nothing running: what one run
// keeps must replace what the previous one kept, so that heap stays flat.
//
// CI runs a short version (2,000 objects, 8 runs). KUBEDIFF_SOAK=long runs
// 100,000 objects for 30 runs (README, Development); KUBEDIFF_SOAK_OBJECTS and
// KUBEDIFF_SOAK_RUNS choose other sizes.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateWorkload, liveObject, writeManifests } from '../../bench/workload.js';
import { silentLogger } from '../../src/log/logger.js';
import { parseRunnerArgs } from '../../src/runner/config.js';
import { startPromRun } from '../../src/runner/prom-run.js';
import { collectGarbage, settledHeap } from '../fuzz/fuzz-settings.js';
import { startApiServer } from '../support/apiserver/index.js';
import { waitFor } from '../support/prom-run.js';
import { flatnessProblem, type MemorySample } from './memory.js';

const LONG = process.env.KUBEDIFF_SOAK === 'long';
const OBJECTS = Number(process.env.KUBEDIFF_SOAK_OBJECTS ?? (LONG ? 100_000 : 2_000));
const RUNS = Number(process.env.KUBEDIFF_SOAK_RUNS ?? (LONG ? 30 : 8));
const MB = 1024 * 1024;

test(`prom-run soak: ${OBJECTS} objects, ${RUNS} runs, memory flat`, { timeout: LONG ? 6 * 3600_000 : 600_000 }, async (t) => {
  const gc = collectGarbage();
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-soak-'));
  const server = await startApiServer();
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const { namespaces, objects } = generateWorkload(OBJECTS);
  server.seedObjects([...namespaces, ...objects.map((object, i) => liveObject(object, i))]);
  writeManifests(join(dir, 'manifests'), objects);

  // A period longer than the soak: each run after the first is requested once the previous one is measured.
  const args = parseRunnerArgs(['-period=24h', '-timeout=2h', '-listen-addr=127.0.0.1:0', 'kubediff', '--kubeconfig', server.kubeconfigPath, join(dir, 'manifests')]);
  assert.ok(args.action === 'run');
  const app = await startPromRun(args.config, { logger: silentLogger, env: {}, homeDir: dir, version: 'soak' });
  t.after(() => app.stop());

  const samples: MemorySample[] = [];
  const started = Date.now();
  for (let run = 1; run <= RUNS; run++) {
    if (run > 1) app.scheduler.requestRun();
    const status = await waitFor(() => {
      const current = app.scheduler.status();
      return current.totals.runs >= run && current.state !== 'running' ? current : undefined;
    }, { what: `run ${run} to finish`, timeoutMs: LONG ? 2 * 3600_000 : 300_000, intervalMs: 100 });
    // Drift (one object in a hundred is drifted live), never an error: every object was checked.
    assert.equal(status.latest?.exitCode, 2, `run ${run}: exit ${status.latest?.exitCode}\n${status.latest?.output.slice(-2000)}`);
    assert.equal(status.latest?.check?.totals.objects, OBJECTS);
    for (const path of ['/', '/output.txt', '/api/status', '/metrics']) {
      const response = await fetch(`${app.url}${path}`);
      assert.equal(response.status, 200, path);
      await response.arrayBuffer();
    }
    samples.push({ run, heapUsedBytes: settledHeap(gc), rssBytes: process.memoryUsage().rss });
  }
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  t.diagnostic(`soak ${OBJECTS} objects, ${RUNS} runs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  t.diagnostic(`settled heap MB by run: ${samples.map((s) => `${s.run}:${mb(s.heapUsedBytes)}`).join(' ')}`);
  t.diagnostic(`rss MB by run: ${samples.map((s) => `${s.run}:${mb(s.rssBytes)}`).join(' ')}`);
  const problem = flatnessProblem(samples);
  assert.equal(problem, undefined, problem);
});
