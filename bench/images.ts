// The image check's request counts, measured against real registries
// (Debian's docker-registry on loopback): 200 images, each its own
// repository, 10 of them absent (tags never pushed), through the token flow
// with credentials (as Docker Hub or a private registry with a token service)
// and through basic auth. Three runs share one cache, as prom-run's runs do:
// cold, the next period (available images answered from the cache; absent
// ones asked again), and an --image-recheck later. Budgets: a cold run costs
// at most one HEAD per image, one token request per BATCH repositories and
// one challenge; the next period no more than one HEAD per image that is not
// available; nothing more than a cold run after the recheck.
//   npm run bench -- --images
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageCache } from '../src/kubediff/images/cache.js';
import { checkImages, type ImageCheckOutcome } from '../src/kubediff/images/check-images.js';
import { ImageUses } from '../src/kubediff/images/collect.js';
import { BATCH } from '../src/kubediff/images/tokens.js';
import { silentLogger } from '../src/log/logger.js';
import { writeDockerConfig } from '../test/kubediff/images/harness.js';
import { startRegistries, USERS } from '../test/support/registry/index.js';

const IMAGES = 200;
const ABSENT = 10;
const HOUR = 3_600_000;

interface RunResult {
  readonly name: string;
  readonly outcome: ImageCheckOutcome;
  readonly wallMs: number;
}

export async function reportImageBench(print: (text: string) => void): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'kubediff-bench-images-'));
  const registries = await startRegistries(dir);
  let ok = true;
  try {
    for (let i = 0; i < IMAGES - ABSENT; i++) await registries.push(`team/app-${i}`, 'v1');
    for (const [label, host] of [['token flow (credentials)', registries.token.host], ['basic auth', registries.basic.host]] as const) {
      const config = await writeDockerConfig(dir, `${host.replace(/\W/g, '-')}.json`, { [host]: ['alice', USERS.alice] });
      const images = Array.from({ length: IMAGES }, (_, i) => `${host}/team/app-${i}:v1`);
      const uses = new ImageUses().add([{ ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bench', name: 'all' }, object: { kind: 'Pod', spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } }], 'git');
      const cache = new ImageCache();
      let now = Date.now();
      const run = async (name: string): Promise<RunResult> => {
        const started = performance.now();
        const outcome = await checkImages(uses, { mode: 'git', registryConfig: config, insecure: [host, new URL(registries.tokenServer.url).host], recheckMs: HOUR, requestBudget: 1000, concurrency: 4 }, {
          cache, env: {}, homeDir: dir, signal: new AbortController().signal, now: () => now, logger: silentLogger,
        });
        return { name, outcome, wallMs: performance.now() - started };
      };
      const cold = await run('cold');
      now += 60_000;
      const next = await run('next period');
      now += HOUR;
      const later = await run('after --image-recheck');
      // Two more hours of runs every minute: the recheck is spread over the last fifth of
      // --image-recheck per image, so the available images do not all fall due in one run.
      const perRun: number[] = [];
      for (let minute = 0; minute < 120; minute++) {
        now += 60_000;
        perRun.push((await run('minute')).outcome.stats.requests);
      }
      print(`images: ${IMAGES} images (${ABSENT} absent), ${label}`);
      for (const r of [cold, next, later]) print(`  ${line(r)}`);
      const hourly = perRun.reduce((a, b) => a + b, 0) / 2;
      print(`  then 120 runs a minute apart: ${hourly} requests an hour, at most ${Math.max(...perRun)} in one run`);
      const tokenRequests = Math.ceil(IMAGES / BATCH);
      const checks: [string, boolean][] = [
        [`cold run: requests ${cold.outcome.stats.requests} <= ${IMAGES} HEAD + ${tokenRequests} token + 1 challenge`, cold.outcome.stats.requests <= IMAGES + tokenRequests + 1],
        [`cold run: ${IMAGES - ABSENT} available, ${ABSENT} absent`, counts(cold) === `${IMAGES - ABSENT}/${ABSENT}`],
        [`next period: requests ${next.outcome.stats.requests} <= ${ABSENT} HEAD + 1 token`, next.outcome.stats.requests <= ABSENT + 1],
        [`after the recheck: requests ${later.outcome.stats.requests} <= the cold run's`, later.outcome.stats.requests <= cold.outcome.stats.requests],
        [`cache ${cache.size.answers} answers <= ${IMAGES}`, cache.size.answers <= IMAGES],
        [`runs a minute apart: at most ${Math.max(...perRun)} requests in one run < half the cold run's`, Math.max(...perRun) < cold.outcome.stats.requests / 2],
      ];
      for (const [what, met] of checks) {
        if (!met) ok = false;
        print(`        budget ${what}: ${met ? 'met' : 'NOT MET'}`);
      }
    }
  } finally {
    await registries.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return ok;
}

function counts(r: RunResult): string {
  const by = (status: string) => r.outcome.images.filter((i) => i.status === status).length;
  return `${by('available')}/${by('absent')}`;
}

function line(r: RunResult): string {
  const requests = r.outcome.stats.byRegistry.map((c) => `${c.kind} ${c.result}: ${c.count}`).join(', ') || 'none';
  return `${r.name.padEnd(22)} requests ${String(r.outcome.stats.requests).padStart(3)} (${requests}); asked ${r.outcome.stats.checked}, cached ${r.outcome.stats.cached}; available/absent ${counts(r)}; wall ${r.wallMs.toFixed(0)} ms`;
}
