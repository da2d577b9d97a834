// What the web config asks of every request, before any route (so every
// endpoint is protected, 404s included), in exporter-toolkit's order: the
// rate limit (429), the configured response headers, then basic
// authentication (401 with a WWW-Authenticate challenge). It reads the
// current config on each request, so a reload applies at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenBucket } from '../gitsync/token-bucket.js';
import { sendText } from '../web/routes.js';
import type { BasicAuthenticator } from './basic-auth.js';
import type { WebConfig } from './load.js';

/** true: go on to the routes; false: the guard has answered. */
export type RequestGuard = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface GuardOptions {
  readonly config: () => WebConfig;
  readonly authenticator: BasicAuthenticator;
  /** Epoch ms; default Date.now. */
  readonly clock?: () => number;
}

export function createRequestGuard({ config, authenticator, clock = Date.now }: GuardOptions): RequestGuard {
  // One bucket per rate_limit setting: a reload that changes it starts a fresh one.
  let limiter: { readonly setting: WebConfig['rateLimit']; readonly bucket: TokenBucket | undefined } | undefined;
  const bucketFor = (setting: WebConfig['rateLimit']): TokenBucket | undefined => {
    const previous = limiter;
    if (previous !== undefined && previous.setting === setting) return previous.bucket;
    const bucket = setting ? new TokenBucket({ capacity: setting.burst, refillMs: setting.intervalMs, now: clock }) : undefined;
    limiter = { setting, bucket };
    return bucket;
  };

  return async (request, response) => {
    const current = config();
    const limited = bucketFor(current.rateLimit)?.take();
    if (limited && !limited.ok) {
      sendText(response, 429, 'too many requests\n', { 'Retry-After': String(Math.max(1, Math.ceil(limited.retryAfterMs / 1000))) });
      return false;
    }
    for (const [name, value] of Object.entries(current.headers)) response.setHeader(name, value);
    if (current.users.size === 0) return true;
    const outcome = await authenticator.check(current.users, request.headers.authorization);
    if (outcome === 'ok') return true;
    if (outcome === 'busy') {
      sendText(response, 429, 'too many password checks at once; try again\n', { 'Retry-After': '1' });
      return false;
    }
    sendText(response, 401, 'unauthorized\n', { 'WWW-Authenticate': 'Basic realm="prom-run", charset="UTF-8"' });
    return false;
  };
}
