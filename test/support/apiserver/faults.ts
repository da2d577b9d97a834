// Fault injection: added latency, the next N matching requests failing
// (500, 503, 429 with Retry-After, a dropped connection, a hang), 403 for
// chosen resources or namespaces, and expiring continue tokens.
import type { RequestInfo } from './request-info.js';

/** Which requests a fault applies to; every given field must match. */
export interface RequestMatch {
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, ... */
  verb?: string;
  /** A path prefix, or a regular expression tested against the path. */
  path?: string | RegExp;
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

export type FaultAction =
  /** 404: as a server without the path answers (a cluster before OpenAPI v3 for /openapi/v3). */
  | { status: 404 | 500 | 503 }
  | { status: 429; retryAfterSeconds?: number }
  | { drop: true }
  | { hang: true };

export type FaultRule = RequestMatch & FaultAction & {
  /** How many matching requests fail (default 1). */
  count?: number;
};

export interface Forbidden {
  /** A non-resource path prefix (e.g. `/openapi/v3`), as when system:discovery does not grant it; resource fields are then ignored. */
  path?: string;
  resource?: string;
  group?: string;
  namespace?: string;
  verb?: string;
}

export function requestMatches(info: RequestInfo, match: RequestMatch): boolean {
  if (match.verb !== undefined && match.verb !== info.verb) return false;
  if (match.group !== undefined && match.group !== info.group) return false;
  if (match.resource !== undefined && match.resource !== info.resource) return false;
  if (match.namespace !== undefined && match.namespace !== info.namespace) return false;
  if (match.name !== undefined && match.name !== info.name) return false;
  if (match.path instanceof RegExp) return match.path.test(info.path);
  if (match.path !== undefined) return info.path.startsWith(match.path);
  return true;
}

export class Faults {
  /** Added to every request before it is handled. */
  latencyMs = 0;
  private rules: Array<FaultRule & { remaining: number }> = [];
  private forbidden: Forbidden[] = [];

  constructor(private readonly onExpireContinueTokens: () => void) {}

  /** The next `count` (default 1) requests matching `rule` fail as `rule` says. */
  failNext(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.count ?? 1 });
  }

  /** Answers 403 Forbidden for matching resource requests until cleared. */
  forbid(rule: Forbidden): void {
    this.forbidden.push(rule);
  }

  /** Every continue token issued so far gets 410 Gone (reason Expired) when used. */
  expireContinueTokens(): void {
    this.onExpireContinueTokens();
  }

  clear(): void {
    this.latencyMs = 0;
    this.rules = [];
    this.forbidden = [];
  }

  /** The fault for this request, if any; consumes one of the rule's remaining count. */
  take(info: RequestInfo): FaultAction | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && requestMatches(info, r));
    if (!rule) return undefined;
    rule.remaining--;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule;
  }

  isForbidden(info: RequestInfo): boolean {
    if (!info.isResourceRequest) return this.forbidden.some((f) => f.path !== undefined && info.path.startsWith(f.path));
    return this.forbidden.some(
      (f) =>
        f.path === undefined &&
        (f.resource === undefined || f.resource === info.resource) &&
        (f.group === undefined || f.group === info.group) &&
        (f.namespace === undefined || f.namespace === info.namespace) &&
        (f.verb === undefined || f.verb === info.verb),
    );
  }
}
