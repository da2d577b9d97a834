// The cluster as one run sees it: discovery once, then objects and HPA targets,
// every request counted.
import { ClusterError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { ObjectRef, RequestCount } from '../result.js';
import { createApiClient } from './api-client.js';
import { createBudget } from './budget.js';
import { discover, type Discovery } from './discovery.js';
import { fetchObjects, type FetchResult, type ResultSink } from './fetch.js';
import type { PlanThresholds } from './fetch-plan.js';
import { listHpaTargets } from './hpa.js';
import { listCollection } from './list.js';
import type { ClusterConfig } from './kubeconfig.js';
import type { ExecOptions } from './credentials.js';
import { createRequestCounter } from './request-counter.js';
import type { RetryPolicy } from './retry.js';
import { createTransport } from './transport.js';

export interface ClusterReaderOptions {
  /** The run's: its cancellation (prom-run's -timeout, a shutdown, Ctrl-C) ends every request and plugin. */
  readonly signal?: AbortSignal;
  /** Time for all requests of this reader, retries and credential plugins included (--request-timeout); default none of its own. */
  readonly deadlineMs?: number;
  readonly logger: Logger;
  /** For tests: shorter backoff, another cost rule. */
  readonly retryPolicy?: RetryPolicy;
  readonly thresholds?: PlanThresholds;
  readonly requestTimeoutMs?: number;
  /** For tests: log waiting requests sooner. */
  readonly slowAfterMs?: number;
  /** How exec credential plugins run (environment, terminal, credentials kept between runs). */
  readonly exec?: ExecOptions;
  /** Bound of one response body, before and after gzip (default 256 MiB). */
  readonly maxResponseBytes?: number;
}

export interface OpenApiResponse {
  readonly status: number;
  /** The Location header of a redirect. */
  readonly location?: string;
  readonly body: Buffer;
}

export interface ClusterReader {
  /** The API server URL. */
  readonly server: string;
  /** Discovery of the served types; requested once, later calls return the same result. */
  discover(): Promise<Discovery>;
  /** Results keyed by objectKey(ref); with `onResult`, handed over one by one as they come instead (the map is then empty). */
  fetchObjects(refs: readonly ObjectRef[], discovery: Discovery, onResult?: ResultSink): Promise<Map<string, FetchResult>>;
  /** objectKey()s of the objects scaled by a HorizontalPodAutoscaler. */
  listHpaTargets(namespaces: readonly string[] | 'all'): Promise<Set<string>>;
  /** One GET of an OpenAPI v3 path (`/openapi/v3`, a document's URL), counted as verb `openapi`; any HTTP answer is returned as is. */
  readOpenApi(path: string): Promise<OpenApiResponse>;
  /**
   * Lists a kind in one namespace page by page, handing each item over as it
   * arrives (nothing is kept); `onRestart` says to forget the items seen when
   * an expired continue token restarts the list. Throws ClusterError.
   */
  listEach(apiVersion: string, kind: string, namespace: string, onItem: (item: Record<string, unknown>) => void, onRestart?: () => void): Promise<void>;
  /** Requests made so far, by verb and result. */
  requestCounts(): RequestCount[];
  /** Releases kept-alive connections; optional (idle sockets do not hold the process open). */
  close(): void;
}

export function createClusterReader(config: ClusterConfig, opts: ClusterReaderOptions): ClusterReader {
  const counter = createRequestCounter();
  // One budget for the requests and the credential plugin alike.
  const budget = createBudget(opts.signal, opts.deadlineMs);
  const transport = createTransport(config, {
    logger: opts.logger,
    signal: budget.signal,
    ...(opts.exec ? { exec: opts.exec } : {}),
    ...(opts.maxResponseBytes ? { maxResponseBytes: opts.maxResponseBytes } : {}),
  });
  const client = createApiClient(transport, {
    budget,
    logger: opts.logger,
    counter,
    ...(opts.retryPolicy ? { policy: opts.retryPolicy } : {}),
    ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
    ...(opts.slowAfterMs ? { slowAfterMs: opts.slowAfterMs } : {}),
  });
  let discovery: Promise<Discovery> | undefined;
  const discoverOnce = () => (discovery ??= discover(client));
  return {
    server: config.server,
    discover: discoverOnce,
    fetchObjects: (refs, d, onResult) => fetchObjects(client, refs, d, opts.thresholds, onResult),
    listHpaTargets: async (namespaces) => listHpaTargets(client, await discoverOnce(), namespaces),
    async readOpenApi(path) {
      const response = await client.request('openapi', path, `OpenAPI ${path.replace(/\?.*$/, '')}`);
      const location = response.headers.location;
      return { status: response.status, body: response.body, ...(typeof location === 'string' ? { location } : {}) };
    },
    listEach: async (apiVersion, kind, namespace, onItem, onRestart) => {
      const info = (await discoverOnce()).lookup(apiVersion, kind);
      const what = `${kind} in namespace ${namespace}`;
      if (!info) throw new ClusterError(what, undefined, `no kind ${kind} in group/version ${apiVersion} is served`, { reason: 'unserved' });
      await listCollection(client, info, info.namespaced ? namespace : undefined, `${info.resource} in namespace ${namespace}`, onItem, onRestart);
    },
    requestCounts: () => counter.counts(),
    close: () => {
      client.close();
      budget.dispose();
    },
  };
}
