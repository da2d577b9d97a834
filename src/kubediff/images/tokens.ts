// The bearer-token flow of the distribution spec: GET <realm>?service=&scope=
// (basic auth when there are credentials), or POST an OAuth2 refresh_token
// grant for an identity token; the answer's `token` (or `access_token`) is
// kept until it expires. One token request names several repositories of the
// registry (one `scope` each) when more are waiting, which cuts a cold run's
// token requests by up to BATCH; if a token service refuses a batch, the
// repository is asked for alone.
import { createHash } from 'node:crypto';
import type { AuthScheme } from './cache.js';
import type { RegistryCredential } from './credentials.js';
import { isNotSent, isUnreachable, send, type NotSent, type RunContext } from './run-context.js';
import type { ImageStatus } from './types.js';

/** Repositories named in one token request. */
export const BATCH = 10;
const MAX_TOKEN_BODY_BYTES = 256 * 1024;
const DEFAULT_EXPIRES_S = 60;
const EXPIRY_MARGIN_S = 10;

/** `cached`: the token comes from an earlier request (this run's or an earlier run's), so the registry may no longer take it. */
export type TokenResult = { readonly token: string; readonly cached: boolean } | { readonly failed: { readonly status: ImageStatus; readonly message: string } } | NotSent;

export interface TokenSource {
  /** Repositories that will be asked for soon, so one token request can cover several. */
  expect(registry: string, repositories: readonly string[]): void;
  token(registry: string, scheme: Extract<AuthScheme, { scheme: 'bearer' }>, repository: string, credential: RegistryCredential | undefined): Promise<TokenResult>;
  /** Drops a token the registry refused (revoked, or expired before it said), so the next ask gets a new one. */
  forget(registry: string, scheme: Extract<AuthScheme, { scheme: 'bearer' }>, credential: RegistryCredential | undefined, token: string): void;
}

export function createTokenSource(context: RunContext): TokenSource {
  const waiting = new Map<string, Set<string>>();
  const inflight = new Map<string, Promise<TokenResult>>();
  const noBatch = new Set<string>();

  async function fetchToken(registry: string, scheme: Extract<AuthScheme, { scheme: 'bearer' }>, repositories: readonly string[], credential: RegistryCredential | undefined, key: string): Promise<TokenResult> {
    const realm = realmUrl(scheme.realm, registry, context);
    if (typeof realm === 'string') return { failed: { status: 'authentication-failure', message: realm } };
    const scopes = repositories.map((r) => `repository:${r}:pull`);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'kubediff' };
    let answer;
    if (credential?.identityToken !== undefined) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'kubediff', refresh_token: credential.identityToken, scope: scopes.join(' ') });
      if (scheme.service !== undefined) form.set('service', scheme.service);
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      answer = await send(context, registry, 'token', realm, { method: 'POST', headers, body: form.toString(), maxBodyBytes: MAX_TOKEN_BODY_BYTES });
    } else {
      if (scheme.service !== undefined) realm.searchParams.set('service', scheme.service);
      for (const scope of scopes) realm.searchParams.append('scope', scope);
      if (credential?.username !== undefined) headers.Authorization = basicAuthorization(credential);
      answer = await send(context, registry, 'token', realm, { method: 'GET', headers, maxBodyBytes: MAX_TOKEN_BODY_BYTES });
    }
    if (isNotSent(answer)) return answer;
    if (isUnreachable(answer)) return { failed: { status: 'registry-unavailable', message: `token service: ${answer.unreachable}` } };
    const who = `the token service of ${registry} (${realm.host})`;
    const withCredentials = credential !== undefined;
    if (answer.status === 200) {
      const parsed = parseTokenAnswer(answer.body);
      if (!parsed) return { failed: { status: 'unknown-error', message: `${who} answered 200 without a token` } };
      const now = context.now();
      const lifetime = Math.max(1, parsed.expiresIn - EXPIRY_MARGIN_S);
      context.cache.rememberToken(key, { token: parsed.token, repositories: new Set(repositories), expiresAt: now + lifetime * 1000 });
      return { token: parsed.token, cached: false };
    }
    if (answer.status === 401) {
      const message = withCredentials ? `${who} refused the credentials (HTTP 401)` : `${who} wants credentials (HTTP 401) and none are configured for ${registry}`;
      return { failed: { status: 'authentication-failure', message } };
    }
    if (answer.status === 403) return { failed: { status: 'authorization-failure', message: `${who} denied pull access (HTTP 403)` } };
    if (answer.status === 429 || answer.status >= 500) return { failed: { status: 'registry-unavailable', message: `${who} answered HTTP ${answer.status}` } };
    return { failed: { status: 'unknown-error', message: `${who} answered HTTP ${answer.status}` } };
  }

  return {
    expect(registry, repositories) {
      const set = waiting.get(registry) ?? new Set<string>();
      for (const repository of repositories) set.add(repository);
      waiting.set(registry, set);
    },
    forget(registry, scheme, credential, token) {
      context.cache.forgetToken(tokenKey(registry, scheme, credential), token);
    },
    async token(registry, scheme, repository, credential) {
      const key = tokenKey(registry, scheme, credential);
      const cached = context.cache.token(key, repository, context.now());
      if (cached) return { token: cached.token, cached: true };
      const running = inflight.get(`${key}\u0000${repository}`);
      if (running) return running;

      const pending = waiting.get(registry) ?? new Set<string>();
      const batch = [repository];
      if (!noBatch.has(registry)) {
        for (const other of pending) {
          if (batch.length >= BATCH) break;
          if (other !== repository && !inflight.has(`${key}\u0000${other}`) && !context.cache.token(key, other, context.now())) batch.push(other);
        }
      }
      const promise = fetchToken(registry, scheme, batch, credential, key).then(async (result) => {
        if ('failed' in result && batch.length > 1 && (result.failed.status === 'authentication-failure' || result.failed.status === 'authorization-failure')) {
          // Some token services refuse a whole request for one repository they deny: ask for this one alone.
          noBatch.add(registry);
          return fetchToken(registry, scheme, [repository], credential, key);
        }
        return result;
      });
      for (const name of batch) {
        pending.delete(name);
        inflight.set(`${key}\u0000${name}`, promise);
      }
      try {
        return await promise;
      } finally {
        for (const name of batch) inflight.delete(`${key}\u0000${name}`);
      }
    },
  };
}

export function basicAuthorization(credential: RegistryCredential): string {
  return `Basic ${Buffer.from(`${credential.username ?? ''}:${credential.password ?? ''}`).toString('base64')}`;
}

/** Tokens are kept per registry, token service and credential (a rotated password gets new tokens); the key holds a hash only. */
function tokenKey(registry: string, scheme: Extract<AuthScheme, { scheme: 'bearer' }>, credential: RegistryCredential | undefined): string {
  const who = credential === undefined ? 'anonymous' : createHash('sha256').update(JSON.stringify(credential)).digest('hex');
  return `${registry}\u0000${scheme.realm}\u0000${scheme.service ?? ''}\u0000${who}`;
}

/** The realm as a URL, or why it cannot be used: https, or plain http for a host given to --registry-insecure (credentials and tokens go there). */
function realmUrl(realm: string, registry: string, context: RunContext): URL | string {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return `${registry} names a token service that is not a URL`;
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && context.insecure.has(url.host.toLowerCase())) return url;
  return `${registry} names a plain-http token service (${url.host}); kubediff sends no credentials or tokens over plain http unless --registry-insecure=${url.host} says so`;
}

function parseTokenAnswer(body: Buffer): { token: string; expiresIn: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { token, access_token: accessToken, expires_in: expiresIn } = parsed as Record<string, unknown>;
  const value = typeof token === 'string' && token !== '' ? token : typeof accessToken === 'string' && accessToken !== '' ? accessToken : undefined;
  // A token goes into a header: anything but visible ASCII would break the request.
  if (value === undefined || !/^[\x21-\x7e]+$/.test(value)) return undefined;
  return { token: value, expiresIn: typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_S };
}
