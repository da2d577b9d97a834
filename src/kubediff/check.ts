// One check run: manifests from git, the live objects from the cluster, the
// comparison, and a CheckReport. Expected problems (a bad manifest, an
// unserved kind, a 403, an unreachable cluster, a cancelled run) are errors in
// the report, never exceptions, and one bad object never stops the others.
import type { Readable } from 'node:stream';
import type { Logger } from '../log/logger.js';
import { createClusterReader, loadClusterConfig, objectKey, type ClusterConfig, type ClusterReader, type ExecCredentialCache, type FetchResult } from './cluster/index.js';
import { runCheckError } from './check/errors.js';
import { compareOne, type CompareOptions } from './check/compare-one.js';
import { listHpaTargets } from './check/hpa.js';
import { placeObject, type Placed } from './check/resolve.js';
import { runImageStep } from './check/images.js';
import { computeTotals, exitCodeOf } from './check/totals.js';
import { attachHealth, DEFAULT_PROGRESS_DEADLINE_MS, indexWorkloads, readLiveHealth, readPods, type HealthMemory, type HealthState, type LiveHealth } from './health/index.js';
import { namespaceProblem, quoteName } from './identity/index.js';
import type { ImageCache } from './images/cache.js';
import type { ImageCheckConfig } from './images/check-images.js';
import { ImageUses } from './images/collect.js';
import { splitDuplicates, type ManifestObject } from './manifests/index.js';
import { describeObject } from './output/describe.js';
import { IgnoreFileError, loadIgnoreFile, type IgnoreRules } from './ignore/index.js';
import { roleDecider, type OwnershipPolicy } from './ownership/index.js';
import type { CheckError, CheckReport, ObjectResult, RequestCount, SchemaUse } from './result.js';
import { createSchemaCache, loadSchemas, type KindSchemas, type SchemaCache } from './schema/index.js';
import { loadSources, nothingToCheck } from './sources/index.js';

export interface CheckOptions {
  readonly paths: readonly string[];
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Namespace of manifests that set none; default: the context's namespace, else `default`. */
  readonly namespace?: string;
  readonly signal?: AbortSignal;
  /** Standard input, read for the path `-` (the CLI passes process.stdin). */
  readonly stdin?: () => Readable;
  /** The kustomize builder (the folder is added as its last argument); default `kubectl kustomize`. */
  readonly kustomizeCommand?: readonly string[];
  /** --render: run this command in each path; its stdout is that path's manifests. */
  readonly render?: readonly string[];
  /** Also the environment exec credential plugins inherit. */
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** A person at a terminal can answer an exec credential plugin's prompts (the CLI, stdin a terminal). */
  readonly terminal?: boolean;
  /** --request-timeout: the time for the cluster, requests, retries and plugins included; absent: only `signal` ends it. */
  readonly requestTimeoutMs?: number;
  /** Who applies git and who edits by hand, among managedFields managers (default: see ownership/policy.ts). */
  readonly ownership?: OwnershipPolicy;
  /** The ignore file (`--ignore-file`), read at every check. */
  readonly ignoreFile?: string;
  /** --check-images: ask registries about the images (never changes the exit code). */
  readonly images?: ImageCheckConfig;
  /** --pods: list the pods of git's workloads (one LIST per namespace) and fold them into health. */
  readonly pods?: boolean;
  /** --progress-deadline: Progressing longer than this without progress is Degraded (default 10 min). */
  readonly progressDeadlineMs?: number;
}

export interface CheckDeps {
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** OpenAPI v3 documents kept between runs by their hash (a sidecar's task holds one); default: this run only. */
  readonly schemaCache?: SchemaCache;
  /** Exec plugin credentials kept between runs until they expire (prom-run keeps one for all its runs). */
  readonly execCredentials?: ExecCredentialCache;
  /** What the image check remembers between runs (prom-run keeps one); a fresh one per run when absent. */
  readonly imageCache?: ImageCache;
  /** prom-run's memory of health across runs (since when, pod restarts); absent in the one-shot CLI. */
  readonly healthMemory?: HealthMemory;
}

interface Outcome {
  objects: ObjectResult[];
  errors: CheckError[];
  notices: string[];
  context?: string;
  server?: string;
  requests: readonly RequestCount[];
  schemas?: SchemaUse;
  /** For the image check: git's objects and their default namespace. */
  manifests: readonly ManifestObject[];
  defaultNamespace?: string;
  /** With --check-images=live: the images of the live objects, taken as each arrives (the objects are let go). */
  liveImages?: ImageUses;
  /** What health needs of each live object (its verdict, a workload's selector), by objectKey(); read as the object streams by. */
  liveHealth: Map<string, LiveHealth>;
  /** Set once health is attached to every object; remembered only if the run was not cancelled. */
  healthState?: HealthState;
}

export async function runCheck(options: CheckOptions, deps: CheckDeps): Promise<CheckReport> {
  const clock = deps.clock ?? (() => new Date());
  const started = clock();
  const outcome: Outcome = {
    objects: [],
    errors: [],
    notices: [],
    requests: [],
    manifests: [],
    liveHealth: new Map(),
    ...(options.images?.mode === 'live' ? { liveImages: new ImageUses() } : {}),
  };
  try {
    await check(options, deps, outcome, started);
  } catch (error) {
    // A whole-run failure (cancelled, cluster unreachable): nothing more can be checked.
    outcome.errors.push(runCheckError(error, options.signal));
    outcome.objects = [];
  }
  const images = options.images && outcome.manifests.length > 0 && !options.signal?.aborted ? await imageStep(options.images, options, deps, outcome, clock) : undefined;
  if (outcome.healthState && !options.signal?.aborted) deps.healthMemory?.remember(outcome.healthState);
  const finished = clock();
  const totals = computeTotals(outcome.objects);
  const report: CheckReport = {
    paths: [...options.paths],
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    ...(outcome.context === undefined ? {} : { context: outcome.context }),
    ...(outcome.server === undefined ? {} : { server: outcome.server }),
    objects: outcome.objects,
    errors: outcome.errors,
    notices: outcome.notices,
    totals,
    requests: outcome.requests,
    ...(outcome.schemas === undefined ? {} : { schemas: outcome.schemas }),
    ...(images ? { images: images.images, ...(images.stats ? { imageStats: images.stats } : {}) } : {}),
    exitCode: exitCodeOf(totals, outcome.errors),
  };
  deps.logger.log('debug', 'check finished', { exitCode: report.exitCode, durationMs: report.durationMs, ...totals });
  return report;
}

async function check(options: CheckOptions, deps: CheckDeps, outcome: Outcome, started: Date): Promise<void> {
  const { signal } = options;
  const { logger } = deps;
  const manifests = await loadSources(options.paths, {
    ...(signal ? { signal } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.kustomizeCommand ? { kustomizeCommand: options.kustomizeCommand } : {}),
    ...(options.render ? { render: options.render } : {}),
    env: options.env,
  });
  outcome.errors.push(...manifests.errors);
  outcome.notices.push(...manifests.notices);
  logger.log('debug', 'manifests loaded', { sources: manifests.files, objects: manifests.objects.length, errors: manifests.errors.length });
  // Never green on nothing; and the cluster is contacted all the same, so an
  // unreachable cluster is an error whatever git holds.
  if (manifests.objects.length === 0) outcome.errors.push(nothingToCheck(options.paths, manifests));
  const ignoreRules = await readIgnoreFile(options, outcome);
  outcome.manifests = manifests.objects;

  const config: ClusterConfig = loadClusterConfig({
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    env: options.env,
    homeDir: options.homeDir,
  });
  outcome.defaultNamespace = options.namespace ?? config.namespace;
  outcome.context = config.contextName;
  outcome.server = config.server;
  const exec = { env: options.env, terminal: options.terminal === true, ...(deps.execCredentials ? { cache: deps.execCredentials } : {}) };
  const reader = createClusterReader(config, {
    logger,
    exec,
    ...(signal ? { signal } : {}),
    ...(options.requestTimeoutMs ? { deadlineMs: options.requestTimeoutMs } : {}),
  });
  const schemaCache = deps.schemaCache ?? createSchemaCache();
  const defaultNamespace = options.namespace ?? config.namespace;
  const namespaceWrong = namespaceProblem(defaultNamespace);
  if (namespaceWrong) {
    // Only the kubeconfig can get here: --namespace is checked with the flags.
    outcome.errors.push({
      kind: 'cluster',
      message: `the kubeconfig context ${quoteName(config.contextName)} sets namespace ${quoteName(defaultNamespace)}, which is not a valid namespace name: it ${namespaceWrong}; objects that set no namespace were not checked: fix the context or pass --namespace`,
    });
  }
  try {
    if (manifests.objects.length === 0) await reader.discover();
    else {
      const compare: CompareOptions = { roles: roleDecider(options.ownership ?? {}), ...(ignoreRules ? { ignoreRules } : {}) };
      await checkAgainst(reader, schemaCache, manifests.objects, namespaceWrong ? undefined : defaultNamespace, outcome, signal, compare);
      await checkHealth(reader, options, deps, outcome, started);
    }
  } finally {
    outcome.requests = reader.requestCounts();
    schemaCache.endRun();
    reader.close();
  }
}

/**
 * The ignore file's rules; a file that cannot be used is an error of the run
 * (exit 1), and the check goes on without rules rather than guess.
 */
async function readIgnoreFile(options: CheckOptions, outcome: Outcome): Promise<IgnoreRules | undefined> {
  if (options.ignoreFile === undefined) return undefined;
  try {
    return await loadIgnoreFile(options.ignoreFile, options.signal);
  } catch (error) {
    if (!(error instanceof IgnoreFileError)) throw error;
    outcome.errors.push({ kind: 'config', message: `${error.message}; checked without its rules`, file: error.file });
    return undefined;
  }
}

async function checkAgainst(
  reader: ClusterReader,
  schemaCache: SchemaCache,
  manifests: readonly ManifestObject[],
  defaultNamespace: string | undefined,
  outcome: Outcome,
  signal: AbortSignal | undefined,
  compare: CompareOptions,
): Promise<void> {
  const discovery = await reader.discover();
  const placed = [];
  for (const manifest of manifests) {
    const place = placeObject(manifest, discovery, defaultNamespace);
    if (place.invalid) outcome.errors.push(place.invalid);
    else placed.push(place);
  }
  const { unique, duplicates } = splitDuplicates(placed, (p) => p.key, (p) => describeObject(p.ref));
  outcome.errors.push(...duplicates.map((d) => d.error));

  // Each live object is compared as it arrives and then let go: a run never
  // holds all of them. Comparing needs the schemas of the group-versions in
  // git and the autoscalers' targets, both asked for while the objects are
  // fetched; an object that comes before them waits.
  const checkable = unique.filter((p) => !p.error);
  const indexOf = new Map(unique.map((p, i) => [p.key, i]));
  const results = new Array<ObjectResult | undefined>(unique.length);
  let ready: { readonly hpaTargets: ReadonlySet<string>; readonly schemas: KindSchemas } | undefined;
  const waiting: Array<[number, FetchResult]> = [];
  const compareAt = (i: number, found: FetchResult) => {
    results[i] = compareOne(unique[i] as Placed, found, ready?.hpaTargets ?? NO_TARGETS, { ...compare, ...(ready ? { schemas: ready.schemas } : {}) });
  };
  const prerequisites = Promise.all([
    listHpaTargets(reader, checkable, outcome.errors),
    loadSchemas(reader, checkable.map((p) => p.ref.apiVersion), schemaCache, signal),
  ]).then(([hpaTargets, schemas]) => {
    outcome.notices.push(...schemas.notices);
    outcome.schemas = schemas.use;
    ready = { hpaTargets, schemas: schemas.schemas };
    for (const [i, found] of waiting.splice(0)) compareAt(i, found);
  });
  const fetched = reader.fetchObjects(checkable.map((p) => p.ref), discovery, (key, found) => {
    const i = indexOf.get(key);
    if (i === undefined) return;
    if ('object' in found) outcome.liveImages?.add([{ ref: (unique[i] as Placed).ref, object: found.object }], 'live');
    if ('object' in found) outcome.liveHealth.set(key, readLiveHealth((unique[i] as Placed).ref, found.object));
    // Only a live object is compared; missing and failed ones need neither.
    if (ready === undefined && 'object' in found) waiting.push([i, found]);
    else compareAt(i, found);
  });
  await Promise.all([fetched, prerequisites]);
  if (signal?.aborted) throw signal.reason;
  unique.forEach((item, i) => outcome.objects.push(results[i] ?? compareOne(item, undefined, NO_TARGETS)));
  const unreadable = outcome.objects.filter((o) => o.unreadableManagedFields !== undefined).length;
  if (unreadable > 0) {
    outcome.notices.push(`${unreadable} object${unreadable === 1 ? ' has' : 's have'} managedFields entries kubediff could not read; who owns their fields is partly unknown (see unreadableManagedFields in -o json)`);
  }
}

/** Health from what was read of the live objects as they came; with --pods, one LIST of pods per namespace of git's workloads. */
async function checkHealth(reader: ClusterReader, options: CheckOptions, deps: CheckDeps, outcome: Outcome, started: Date): Promise<void> {
  if (options.signal?.aborted) return;
  const { liveHealth } = outcome;
  const previous = deps.healthMemory?.previous();
  let pods: Awaited<ReturnType<typeof readPods>> | undefined;
  if (options.pods) {
    const workloads = outcome.objects.flatMap((o) => {
      const workload = o.state === 'error' ? undefined : liveHealth.get(objectKey(o.ref))?.workload;
      return workload ? [workload] : [];
    });
    pods = await readPods(reader, indexWorkloads(workloads), previous);
    outcome.notices.push(...pods.notices);
  }
  const attached = attachHealth(outcome.objects, (key) => liveHealth.get(key), {
    now: started.getTime(),
    previous,
    remembering: deps.healthMemory !== undefined,
    deadlineMs: options.progressDeadlineMs ?? DEFAULT_PROGRESS_DEADLINE_MS,
    ...(pods ? { pods: pods.findings, podRestarts: pods.restartTotals } : {}),
  });
  outcome.objects = attached.objects;
  outcome.healthState = attached.state;
}

const NO_TARGETS: ReadonlySet<string> = new Set();

async function imageStep(config: ImageCheckConfig, options: CheckOptions, deps: CheckDeps, outcome: Outcome, clock: () => Date) {
  try {
    const step = await runImageStep(
      { config, manifests: outcome.manifests, defaultNamespace: outcome.defaultNamespace ?? options.namespace ?? 'default', ...(outcome.liveImages ? { liveImages: outcome.liveImages } : {}) },
      { ...(deps.imageCache ? { cache: deps.imageCache } : {}), env: options.env, homeDir: options.homeDir, ...(options.signal ? { signal: options.signal } : {}), clock, logger: deps.logger },
    );
    outcome.notices.push(...step.notices);
    return step;
  } catch (error) {
    outcome.errors.push(runCheckError(error, options.signal));
    return undefined;
  }
}
