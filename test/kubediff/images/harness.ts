// Runs the image check of the code under test against the real test
// registries: images as containers of one Deployment, a recording transport
// (every request must go to 127.0.0.1), a clock the test moves and a sleep
// that records the waits instead of waiting.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImageCache } from '../../../src/kubediff/images/cache.js';
import { checkImages, type ImageCheckConfig, type ImageCheckOutcome } from '../../../src/kubediff/images/check-images.js';
import { ImageUses } from '../../../src/kubediff/images/collect.js';
import { createHttpTransport, type HttpTransport, type HttpTransportOptions } from '../../../src/kubediff/images/http.js';
import type { ImageResult } from '../../../src/kubediff/images/types.js';
import { silentLogger } from '../../../src/log/logger.js';

export interface Session {
  readonly cache: ImageCache;
  /** The test's clock, ms since the epoch; move it to make answers old. */
  now: number;
  /** Waits the check asked for (Retry-After, 5xx back-off), in ms. */
  readonly waits: number[];
  /** Hosts of every request made. */
  readonly hosts: string[];
  run(images: readonly string[], config?: Partial<ImageCheckConfig>): Promise<Checked>;
}

export interface Checked extends ImageCheckOutcome {
  /** By image as written. */
  readonly by: ReadonlyMap<string, ImageResult>;
  status(image: string): string;
}

export function session(options: {
  dir: string;
  insecure: readonly string[];
  env?: NodeJS.ProcessEnv;
  caFile?: string;
  /** Names under .test that only the test proxy resolves (to loopback); nothing else may be asked for. */
  proxiedNames?: readonly string[];
}): Session {
  const cache = new ImageCache();
  const waits: number[] = [];
  const hosts: string[] = [];
  const state: Session = {
    cache,
    now: Date.parse('2030-01-01T00:00:00Z'),
    waits,
    hosts,
    async run(images, config = {}) {
      const deployment = {
        kind: 'Deployment',
        spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
      };
      const uses = new ImageUses().add([{ ref: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, object: deployment }], 'git');
      const createTransport = (transportOptions: HttpTransportOptions): HttpTransport => {
        const real = createHttpTransport(transportOptions);
        return {
          request(url, request) {
            hosts.push(url.hostname);
            return real.request(url, request);
          },
          close: () => real.close(),
        };
      };
      {
        const outcome = await checkImages(uses, { mode: 'git', insecure: options.insecure, recheckMs: 3_600_000, requestBudget: 1000, concurrency: 4, ...(options.caFile ? { caFile: options.caFile } : {}), ...config }, {
          cache,
          env: options.env ?? {},
          homeDir: options.dir,
          signal: new AbortController().signal,
          now: () => state.now,
          logger: silentLogger,
          createTransport,
          sleep: async (ms) => {
            waits.push(ms);
          },
        });
        for (const host of hosts) assert.ok(host === '127.0.0.1' || options.proxiedNames?.includes(host), `no request leaves loopback (${host})`);
        const by = new Map(outcome.images.map((image) => [image.image, image]));
        return { ...outcome, by, status: (image) => by.get(image)?.status ?? 'not in the result' };
      }
    },
  };
  return state;
}

/** Writes a docker config.json with these auths (host -> [user, password] or an entry) and returns its path. */
export async function writeDockerConfig(dir: string, name: string, auths: Record<string, [string, string] | Record<string, string>>): Promise<string> {
  const entries = Object.fromEntries(Object.entries(auths).map(([host, value]) => [host, Array.isArray(value) ? { auth: Buffer.from(`${value[0]}:${value[1]}`).toString('base64') } : value]));
  const path = join(dir, name);
  await writeFile(path, JSON.stringify({ auths: entries }));
  return path;
}

/** Requests by registry kind and result, e.g. `manifest 200` -> 3. */
export function requestCounts(outcome: ImageCheckOutcome, registry: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of outcome.stats.byRegistry) if (r.registry === registry) counts[`${r.kind} ${r.result}`] = r.count;
  return counts;
}
