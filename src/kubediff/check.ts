// One check run: manifests from git, the live objects from the cluster, the
// comparison, and a CheckReport. Expected problems (a bad manifest, an
// unserved kind, a 403, an unreachable cluster, a cancelled run) are errors in
// the report, never exceptions, and one bad object never stops the others.
import type { Logger } from '../log/logger.js';
import { ClusterError } from '../errors.js';
import { createClusterReader, loadClusterConfig, objectKey, type ClusterConfig, type ClusterReader } from './cluster/index.js';
import { abortedError, clusterCheckError, runCheckError } from './check/errors.js';
import { desiredObject, placeObject, setsReplicas, type Placed } from './check/resolve.js';
import { computeTotals, exitCodeOf } from './check/totals.js';
import { compareObject, renderMissingDiff } from './compare/compare.js';
import { loadManifests, splitDuplicates, type ManifestObject } from './manifests/index.js';
import { describeObject } from './output/describe.js';
import type { CheckError, CheckReport, ObjectResult, RequestCount } from './result.js';

export interface CheckOptions {
  readonly paths: readonly string[];
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Namespace of manifests that set none; default: the context's namespace, else `default`. */
  readonly namespace?: string;
  readonly signal?: AbortSignal;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
}

export interface CheckDeps {
  readonly logger: Logger;
  readonly clock?: () => Date;
}

interface Outcome {
  objects: ObjectResult[];
  errors: CheckError[];
  notices: string[];
  context?: string;
  server?: string;
  requests: readonly RequestCount[];
}

export async function runCheck(options: CheckOptions, deps: CheckDeps): Promise<CheckReport> {
  const clock = deps.clock ?? (() => new Date());
  const started = clock();
  const outcome: Outcome = { objects: [], errors: [], notices: [], requests: [] };
  try {
    await check(options, deps, outcome);
  } catch (error) {
    // A whole-run failure (cancelled, cluster unreachable): nothing more can be checked.
    outcome.errors.push(runCheckError(error, options.signal));
    outcome.objects = [];
  }
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
    exitCode: exitCodeOf(totals, outcome.errors),
  };
  deps.logger.log('debug', 'check finished', { exitCode: report.exitCode, durationMs: report.durationMs, ...totals });
  return report;
}

async function check(options: CheckOptions, deps: CheckDeps, outcome: Outcome): Promise<void> {
  const { signal } = options;
  const { logger } = deps;
  const manifests = await loadManifests(options.paths, signal ? { signal } : {});
  outcome.errors.push(...manifests.errors);
  outcome.notices.push(...manifests.notices);
  logger.log('debug', 'manifests loaded', { files: manifests.files, objects: manifests.objects.length, errors: manifests.errors.length });
  if (manifests.files === 0 && manifests.errors.length === 0) {
    outcome.notices.push(`no manifest files (.yaml, .yml, .json) found in ${options.paths.join(', ')}`);
  }
  if (manifests.objects.length === 0) return;

  const config: ClusterConfig = loadClusterConfig({
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    env: options.env,
    homeDir: options.homeDir,
  });
  outcome.context = config.contextName;
  outcome.server = config.server;
  const reader = createClusterReader(config, { logger, ...(signal ? { signal } : {}) });
  try {
    await checkAgainst(reader, manifests.objects, options.namespace ?? config.namespace, outcome, signal);
  } finally {
    outcome.requests = reader.requestCounts();
    reader.close();
  }
}

async function checkAgainst(
  reader: ClusterReader,
  manifests: readonly ManifestObject[],
  defaultNamespace: string,
  outcome: Outcome,
  signal: AbortSignal | undefined,
): Promise<void> {
  const discovery = await reader.discover();
  const placed = manifests.map((manifest) => placeObject(manifest, discovery, defaultNamespace));
  const { unique, duplicates } = splitDuplicates(placed, (p) => objectKey(p.ref), (p) => describeObject(p.ref));
  outcome.errors.push(...duplicates.map((d) => d.error));

  const checkable = unique.filter((p) => !p.error);
  const live = await reader.fetchObjects(checkable.map((p) => p.ref), discovery);
  if (signal?.aborted) throw signal.reason;
  const hpaTargets = await listHpaTargets(reader, checkable, live, outcome);

  for (const item of unique) {
    if (signal?.aborted) {
      outcome.errors.push(abortedError(signal));
      return;
    }
    outcome.objects.push(compareOne(item, live, hpaTargets));
  }
}

/** HPA targets in the namespaces of live objects whose manifest sets replicas; none asked when no manifest does. */
async function listHpaTargets(
  reader: ClusterReader,
  checkable: readonly Placed[],
  live: Map<string, unknown>,
  outcome: Outcome,
): Promise<Set<string>> {
  const namespaces = new Set<string>();
  for (const p of checkable) {
    const found = live.get(objectKey(p.ref)) as { object?: unknown } | undefined;
    if (found?.object && setsReplicas(p.manifest) && p.ref.namespace) namespaces.add(p.ref.namespace);
  }
  if (namespaces.size === 0) return new Set();
  try {
    return await reader.listHpaTargets([...namespaces].sort());
  } catch (error) {
    if (!(error instanceof ClusterError) || error.reason === 'aborted') throw error;
    // Without the autoscalers, replicas they own would look like drift: say so.
    outcome.errors.push({
      ...clusterCheckError(error),
      message: `cannot list HorizontalPodAutoscalers, so spec.replicas of autoscaled objects may be reported as drift: ${error.message}`,
    });
    return new Set();
  }
}

function compareOne(item: Placed, live: Map<string, unknown>, hpaTargets: ReadonlySet<string>): ObjectResult {
  const base = { ref: item.ref, source: item.source };
  if (item.error) return { ...base, state: 'error', differences: [], suppressed: [], error: item.error };
  const key = objectKey(item.ref);
  const found = live.get(key) as { object: Record<string, unknown> } | { notFound: true } | { error: ClusterError } | undefined;
  if (!found || 'error' in found) {
    const error: CheckError = found
      ? clusterCheckError(found.error, item.ref)
      : { kind: 'cluster', message: 'the cluster layer returned nothing for this object', object: item.ref };
    return { ...base, state: 'error', differences: [], suppressed: [], error };
  }
  try {
    if ('notFound' in found) {
      return { ...base, state: 'missing', differences: [], suppressed: [], diff: renderMissingDiff(desiredObject(item)) };
    }
    const comparison = compareObject(desiredObject(item), found.object, { hpaTargeted: hpaTargets.has(key) });
    const drifted = comparison.differences.length > 0;
    return {
      ...base,
      state: drifted ? 'drifted' : 'in-sync',
      differences: comparison.differences,
      suppressed: comparison.suppressed,
      ...(drifted ? { diff: comparison.diff } : {}),
    };
  } catch (error) {
    // A bug in one comparison must not cost the other objects their result.
    const message = `could not compare this object: ${error instanceof Error ? error.message : String(error)}`;
    return { ...base, state: 'error', differences: [], suppressed: [], error: { kind: 'cluster', message, object: item.ref } };
  }
}
