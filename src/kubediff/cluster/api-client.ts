// Requests with the run's policy: at most MAX_IN_FLIGHT at once, every attempt
// counted, transient failures retried (retry.ts) within the run's budget
// (budget.ts: the run's cancellation, and --request-timeout when set). Any
// HTTP response that is final is returned as is; only the absence of a
// response becomes a ClusterError. While requests wait long on the server, a
// log line says so (slow-watch.ts).
import { ClusterError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { createBudget, type Budget } from './budget.js';
import type { RequestCounter, Verb } from './request-counter.js';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  errorCode,
  isConnectError,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfter,
  sleep,
  type RetryPolicy,
} from './retry.js';
import { ResponseTooLargeError } from './read-body.js';
import { createSlowWatch } from './slow-watch.js';
import type { ApiResponse, Transport } from './transport.js';

export const MAX_IN_FLIGHT = 16;
export const JSON_ACCEPT = 'application/json';
/** A Retry-After longer than this is not waited for: the response is the answer. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface ApiClientOptions {
  /** The run's budget; else one is made from `signal` and `deadlineMs`. */
  readonly budget?: Budget;
  readonly signal?: AbortSignal;
  /** Time budget for all requests, from creation; retries never wait past it. Default: none of its own. */
  readonly deadlineMs?: number;
  /** A limit for each attempt, after which it is retried (default: none, the budget bounds it). */
  readonly requestTimeoutMs?: number;
  /** Log that requests are waiting once the oldest has waited this long (default 10 s). */
  readonly slowAfterMs?: number;
  readonly policy?: RetryPolicy;
  readonly logger: Logger;
  readonly counter: RequestCounter;
  readonly random?: () => number;
}

export interface ApiClient {
  readonly server: string;
  /** `what` names the object or type the request is for, in errors. */
  request(verb: Verb, path: string, what: string, accept?: string): Promise<ApiResponse>;
  close(): void;
}

export function createApiClient(transport: Transport, opts: ApiClientOptions): ApiClient {
  const policy = opts.policy ?? DEFAULT_RETRY_POLICY;
  const random = opts.random ?? Math.random;
  const budget = opts.budget ?? createBudget(opts.signal, opts.deadlineMs);
  const runSignal = budget.signal;
  const slow = createSlowWatch({ logger: opts.logger, server: transport.server, ...(opts.slowAfterMs ? { afterMs: opts.slowAfterMs } : {}) });
  const limit = createLimiter(MAX_IN_FLIGHT);
  // Once the server is known to be unreachable (or TLS fails), every later
  // request fails at once with the same error instead of retrying again.
  let sticky: ClusterError | undefined;

  function stopped(what: string): ClusterError {
    const aborted = budget.cancelled();
    const reason: unknown = runSignal.reason;
    const message = aborted
      ? `request for ${what} was cancelled: ${describe(reason)}`
      : `request for ${what} did not finish: ${describe(reason)}`;
    return new ClusterError(what, undefined, message, { cause: reason, reason: aborted ? 'aborted' : 'deadline' });
  }

  function failure(what: string, err: unknown): ClusterError {
    if (err instanceof ResponseTooLargeError) {
      return new ClusterError(what, undefined, `the answer to the request for ${what} from ${transport.hostPort} is ${err.message}: kubediff stopped reading it. A Kubernetes API server does not send such answers; check the server and any proxy in front of it`, {
        cause: err,
        reason: 'too-large',
      });
    }
    const code = errorCode(err) ?? '';
    if (isConnectError(err)) {
      return new ClusterError(what, undefined, `cannot reach the Kubernetes API server at ${transport.hostPort} (${transport.server}): ${describe(err)}`, {
        cause: err,
        reason: 'unreachable',
      });
    }
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code) || /certificate|ssl|tls/i.test(describe(err))) {
      return new ClusterError(what, undefined, `TLS connection to the Kubernetes API server at ${transport.hostPort} failed: ${describe(err)}`, {
        cause: err,
        reason: 'tls',
      });
    }
    return new ClusterError(what, undefined, `request for ${what} to ${transport.hostPort} failed: ${describe(err)}`, { cause: err, reason: 'network' });
  }

  async function request(verb: Verb, path: string, what: string, accept = JSON_ACCEPT): Promise<ApiResponse> {
    for (let attempt = 1; ; attempt++) {
      if (sticky) throw new ClusterError(what, undefined, sticky.message, { cause: sticky, reason: sticky.reason });
      if (runSignal.aborted) throw stopped(what);
      // A signal of its own per attempt: the request adds its abort listener there,
      // not on the run's signal, which many requests at once would overload.
      const attemptSignal = AbortSignal.any(opts.requestTimeoutMs ? [runSignal, AbortSignal.timeout(opts.requestTimeoutMs)] : [runSignal]);
      let response: ApiResponse | undefined;
      let error: unknown;
      await limit.acquire();
      const waiting = slow.started(`${verb} ${path}`);
      try {
        response = await transport.send(path, { accept, signal: attemptSignal });
      } catch (err) {
        error = err;
      } finally {
        slow.finished(waiting);
        limit.release();
      }
      // A request that never left (no credentials) is not counted.
      if (!(error instanceof ClusterError)) opts.counter.record(verb, response ? response.status : 'error');

      let waitMs: number;
      if (response) {
        if (!isRetryableStatus(response.status) || attempt >= policy.maxAttempts) return response;
        waitMs = parseRetryAfter(response.headers['retry-after']) ?? backoffDelay(attempt, policy, random);
        if (waitMs > MAX_RETRY_AFTER_MS || (budget.deadlineAt !== undefined && Date.now() + waitMs > budget.deadlineAt)) return response;
        opts.logger.log('debug', 'retrying request', { path, status: response.status, attempt, waitMs });
      } else {
        if (runSignal.aborted) throw stopped(what);
        if (error instanceof ClusterError) {
          sticky = error; // no credentials: no request can succeed
          throw new ClusterError(what, undefined, error.message, { cause: error, reason: error.reason });
        }
        const timedOut = attemptSignal.aborted && !runSignal.aborted;
        const connect = isConnectError(error);
        const retryable = timedOut || connect || isRetryableNetworkError(error);
        const maxAttempts = connect ? policy.maxConnectAttempts : policy.maxAttempts;
        if (!retryable || attempt >= maxAttempts) {
          const err = timedOut ? failure(what, new Error(`no response within ${opts.requestTimeoutMs} ms`)) : failure(what, error);
          if (err.reason === 'unreachable' || err.reason === 'tls') sticky = err;
          throw err;
        }
        waitMs = backoffDelay(attempt, policy, random);
        opts.logger.log('debug', 'retrying request', { path, error: describe(error), attempt, waitMs });
      }
      try {
        await sleep(waitMs, runSignal);
      } catch {
        throw stopped(what);
      }
    }
  }

  return {
    server: transport.server,
    request,
    close() {
      slow.stop();
      if (!opts.budget) budget.dispose();
      transport.close();
    },
  };
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = errorCode(err);
    const message = err.message.replace(/\s+/g, ' ').trim();
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(err);
}

function createLimiter(max: number): { acquire(): Promise<void>; release(): void } {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    acquire() {
      if (active < max) {
        active++;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else active--;
    },
  };
}
