// One run's image check: parse every image, ask each registry about the
// references that are due (never asked, not available last time, or
// available longer ago than --image-recheck), reuse the cache for the rest,
// and give each image as written its status and the objects that use it.
// Registries are asked in parallel, each with its own concurrency limit;
// one registry's trouble never touches another's images. Nothing here
// throws for a registry's answer: only a cancelled run ends it early.
import { FileReadError, readBoundedFile } from '../../files/read-bounded.js';
import type { Logger } from '../../log/logger.js';
import { ImageCache, type CachedAnswer } from './cache.js';
import type { ImageUses } from './collect.js';
import { loadCredentials } from './credentials-file.js';
import { EMPTY_CREDENTIALS, type CredentialStore } from './credentials.js';
import { createHttpTransport, type HttpTransport, type HttpTransportOptions } from './http.js';
import { proxyFromEnv } from './proxy.js';
import { runLimited } from './limit.js';
import { parseImageReference, type ImageReference } from './reference.js';
import { createRegistryClient, type ManifestOutcome } from './registry-client.js';
import type { RunContext } from './run-context.js';
import { createTokenSource } from './tokens.js';
import type { ImageCheckStats, ImageResult, ImageUse } from './types.js';

export interface ImageCheckConfig {
  /** git: the images git declares; live: also those of the live objects. */
  readonly mode: 'git' | 'live';
  /** --registry-config; default $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
  readonly registryConfig?: string;
  /** Registries (and token services) spoken to over plain http, host[:port]. */
  readonly insecure: readonly string[];
  /** PEM bundle trusted on top of the public roots. */
  readonly caFile?: string;
  /** An available image is asked again after this long (ms). */
  readonly recheckMs: number;
  /** Most HTTP requests to registries in one run. */
  readonly requestBudget: number;
  /** Requests in flight per registry. */
  readonly concurrency: number;
}

export interface ImageCheckDeps {
  readonly cache: ImageCache;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly logger: Logger;
  /** For tests: how the HTTP layer is made (to record requests), and the wait used for Retry-After. */
  readonly createTransport?: (options: HttpTransportOptions) => HttpTransport;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ImageCheckOutcome {
  readonly images: readonly ImageResult[];
  readonly stats: ImageCheckStats;
  readonly notices: readonly string[];
}

/** Requests in flight over all registries. */
const GLOBAL_CONCURRENCY = 16;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_CA_BYTES = 4 * 1024 * 1024;
/** Longest Retry-After waited for inside a run; a longer one pauses the registry. */
const MAX_WAIT_MS = 10_000;

interface Parsed {
  readonly image: string;
  readonly uses: ImageUse[];
  readonly reference?: ImageReference;
  readonly badName?: string;
}

export async function checkImages(uses: ImageUses, config: ImageCheckConfig, deps: ImageCheckDeps): Promise<ImageCheckOutcome> {
  const parsed: Parsed[] = uses.entries().map(([image, objects]) => {
    const result = parseImageReference(image);
    return 'reference' in result ? { image, uses: objects, reference: result.reference } : { image, uses: objects, badName: result.error };
  });
  const references = new Map<string, ImageReference>();
  for (const p of parsed) if (p.reference) references.set(p.reference.canonical, p.reference);

  const now = deps.now();
  const due = [...references.values()].filter((r) => isDue(deps.cache.answer(r.canonical), r.canonical, config.recheckMs, now));
  due.sort((a, b) => (deps.cache.answer(a.canonical)?.checkedAt ?? 0) - (deps.cache.answer(b.canonical)?.checkedAt ?? 0));

  const notices: string[] = [];
  const answers = new Map<string, ManifestOutcome>();
  const context = due.length > 0 ? await ask(due, config, deps, notices, answers) : undefined;
  deps.cache.retain(new Set(references.keys()));

  const images = parsed.map((p) => toResult(p, answers, deps.cache)).sort((a, b) => a.image.localeCompare(b.image));
  const byRegistry = context ? [...context.counts.values()].sort((a, b) => a.registry.localeCompare(b.registry) || a.kind.localeCompare(b.kind) || a.result.localeCompare(b.result)) : [];
  const stats: ImageCheckStats = {
    images: images.length,
    checked: [...answers.values()].filter((a) => !('notAsked' in a)).length,
    cached: images.filter((i) => i.cached).length,
    requests: context?.budget.used ?? 0,
    budget: config.requestBudget,
    byRegistry,
  };
  const unasked = [...answers.values()].filter((a) => 'notAsked' in a).length;
  if (unasked > 0) notices.push(`images: ${unasked} of ${references.size} images were not asked this run (${[...new Set([...answers.values()].flatMap((a) => ('notAsked' in a ? [a.notAsked.notSent] : [])))].join('; ')}); they are asked first next run`);
  return { images, stats, notices };
}

/** Available answers are reused until a little before --image-recheck (spread per image, so one cold run's images do not all fall due together). */
function isDue(answer: CachedAnswer | undefined, reference: string, recheckMs: number, now: number): boolean {
  if (!answer || answer.status !== 'available') return true;
  return now - answer.checkedAt >= recheckMs * (0.8 + 0.2 * spread(reference));
}

/** A stable number in [0, 1) per reference. */
function spread(reference: string): number {
  let hash = 2166136261;
  for (let i = 0; i < reference.length; i++) hash = Math.imul(hash ^ reference.charCodeAt(i), 16777619) >>> 0;
  return hash / 2 ** 32;
}

async function ask(due: readonly ImageReference[], config: ImageCheckConfig, deps: ImageCheckDeps, notices: string[], answers: Map<string, ManifestOutcome>): Promise<RunContext> {
  const credentials = await loadStore(config, deps, notices);
  const ca = config.caFile === undefined ? undefined : await readCa(config.caFile, notices, deps.signal);
  const proxy = proxyFromEnv(deps.env);
  notices.push(...proxy.notices);
  const transport = (deps.createTransport ?? createHttpTransport)({ ...(ca === undefined ? {} : { ca }), timeoutMs: REQUEST_TIMEOUT_MS, maxSockets: config.concurrency, proxy: proxy.setting });
  const context: RunContext = {
    transport,
    cache: deps.cache,
    budget: { limit: config.requestBudget, used: 0 },
    counts: new Map(),
    down: new Map(),
    insecure: new Set(config.insecure.map((h) => h.toLowerCase())),
    signal: deps.signal,
    now: deps.now,
    sleep: deps.sleep ?? sleep,
    maxWaitMs: MAX_WAIT_MS,
  };
  const tokens = createTokenSource(context);
  const client = createRegistryClient(context, credentials, tokens);
  const byRegistry = new Map<string, ImageReference[]>();
  for (const reference of due) byRegistry.set(reference.registry, [...(byRegistry.get(reference.registry) ?? []), reference]);
  for (const [registry, references] of byRegistry) tokens.expect(registry, [...new Set(references.map((r) => r.repository))]);
  try {
    const global = { free: GLOBAL_CONCURRENCY };
    const checkOne = async (reference: ImageReference): Promise<void> => {
      const outcome = await client.headManifest(reference);
      answers.set(reference.canonical, outcome);
      if (!('notAsked' in outcome)) deps.cache.remember(reference.canonical, { ...outcome, checkedAt: deps.now() });
    };
    await Promise.all(
      [...byRegistry].map(async ([registry, references]) => {
        // A registry whose auth is not known yet is asked once alone: the rest then
        // send what its 401 asked for, instead of each meeting the 401 in parallel.
        const probe = deps.cache.authScheme(registry) === undefined ? references.slice(0, 1) : [];
        await runLimited(probe, 1, global, checkOne);
        await runLimited(references.slice(probe.length), config.concurrency, global, checkOne);
      }),
    );
  } finally {
    transport.close();
  }
  deps.logger.log('debug', 'images checked', { due: due.length, requests: context.budget.used });
  return context;
}

function toResult(p: Parsed, answers: ReadonlyMap<string, ManifestOutcome>, cache: ImageCache): ImageResult {
  const base = { image: p.image, objects: p.uses };
  if (!p.reference) return { ...base, status: 'bad-image-name', message: p.badName ?? 'not a valid image reference', cached: false };
  const reference = p.reference.canonical;
  const registry = p.reference.registry;
  const answer = answers.get(reference);
  const cached = cache.answer(reference);
  if (answer && !('notAsked' in answer)) {
    return { ...base, reference, registry, ...answer, ...(cached ? { checkedAt: new Date(cached.checkedAt).toISOString() } : {}), cached: false };
  }
  if (cached) {
    const { checkedAt, ...rest } = cached;
    return { ...base, reference, registry, ...rest, checkedAt: new Date(checkedAt).toISOString(), cached: true };
  }
  const why = answer && 'notAsked' in answer ? answer.notAsked : undefined;
  const status = why?.because === 'paused' ? 'registry-unavailable' : 'unknown-error';
  return { ...base, reference, registry, status, message: `not asked yet: ${why?.notSent ?? 'no answer'}`, cached: false };
}

async function loadStore(config: ImageCheckConfig, deps: ImageCheckDeps, notices: string[]): Promise<CredentialStore> {
  const loaded = await loadCredentials({ ...(config.registryConfig === undefined ? {} : { path: config.registryConfig }), env: deps.env, homeDir: deps.homeDir }, deps.signal);
  notices.push(...loaded.notices.map((n) => `images: ${n}`));
  return loaded.store ?? EMPTY_CREDENTIALS;
}

async function readCa(file: string, notices: string[], signal: AbortSignal): Promise<string | undefined> {
  try {
    const text = (await readBoundedFile(file, { maxBytes: MAX_CA_BYTES, signal })).toString('utf8');
    if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
    notices.push(`images: the CA bundle ${file} is not used: it holds no PEM certificate`);
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error; // the run was cancelled
    notices.push(`images: the CA bundle is not used: ${error.message}`);
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
