// Asks a registry whether it has an image: HEAD /v2/<name>/manifests/<ref>
// with the OCI and Docker manifest media types, authenticated the way the
// registry asks (a 401's challenge: a bearer token from its token service, or
// basic auth), with what the run already learnt sent up front so a known
// registry costs one request per image. The answer is a status in
// k8s-image-availability-exporter's vocabulary; HEAD is all it ever sends to
// a registry (it does not count against Docker Hub's pull limit).
import type { AuthScheme } from './cache.js';
import { parseChallenges, pickChallenge, type Challenge } from './challenge.js';
import type { CredentialStore, RegistryCredential } from './credentials.js';
import type { HttpAnswer } from './http.js';
import { registryApiHost, type ImageReference } from './reference.js';
import { isNotSent, isUnreachable, send, type NotSent, type RunContext } from './run-context.js';
import { basicAuthorization, type TokenSource } from './tokens.js';
import type { ImageStatus } from './types.js';

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const MAX_REDIRECTS = 3;

export type ManifestOutcome =
  | { readonly status: ImageStatus; readonly message?: string; readonly digest?: string }
  /** Not asked this run: the budget is spent or the registry asked us to wait. */
  | { readonly notAsked: NotSent };

type Sent = 'none' | 'basic' | 'bearer' | 'registry-token';
type Authorized = { readonly sent: Sent; readonly header?: string; readonly cachedToken?: boolean };

export interface RegistryClient {
  headManifest(reference: ImageReference): Promise<ManifestOutcome>;
}

export function createRegistryClient(context: RunContext, credentials: CredentialStore, tokens: TokenSource): RegistryClient {
  /** The Authorization header for a scheme, or the outcome that stops the check. */
  async function authorize(registry: string, repository: string, scheme: AuthScheme | undefined, credential: RegistryCredential | undefined): Promise<Authorized | ManifestOutcome> {
    if (credential?.registryToken !== undefined) return { sent: 'registry-token', header: `Bearer ${credential.registryToken}` };
    if (scheme?.scheme === 'basic') return credential?.username !== undefined ? { sent: 'basic', header: basicAuthorization(credential) } : { sent: 'none' };
    if (scheme?.scheme === 'bearer') {
      const result = await tokens.token(registry, scheme, repository, credential);
      if ('notSent' in result) return { notAsked: result };
      if ('failed' in result) return result.failed;
      return { sent: 'bearer', header: `Bearer ${result.token}`, cachedToken: result.cached };
    }
    return { sent: 'none' };
  }

  async function head(reference: ImageReference, authorization: string | undefined): Promise<HttpAnswer | ManifestOutcome> {
    let url = new URL(`${baseUrl(reference.registry, context)}/v2/${reference.repository}/manifests/${reference.manifestRef}`);
    let header = authorization;
    for (let redirects = 0; ; redirects++) {
      const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT, 'User-Agent': 'kubediff' };
      if (header !== undefined) headers.Authorization = header;
      const answer = await send(context, reference.registry, 'manifest', url, { method: 'HEAD', headers, maxBodyBytes: 64 * 1024 });
      if (isNotSent(answer)) return { notAsked: answer };
      if (isUnreachable(answer)) return { status: 'registry-unavailable', message: answer.unreachable };
      const location = answer.headers.location;
      if (![301, 302, 303, 307, 308].includes(answer.status) || typeof location !== 'string' || redirects >= MAX_REDIRECTS) return answer;
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') return answer;
      // Credentials go to the registry only, never to where it sends us.
      if (next.origin !== url.origin) header = undefined;
      url = next;
    }
  }

  return {
    async headManifest(reference) {
      const { registry, repository } = reference;
      const down = context.down.get(registry);
      if (down !== undefined) return { status: 'registry-unavailable', message: `${down} (not asked again in this run)` };
      const credential = credentials.lookup(registry, repository);
      let scheme = context.cache.authScheme(registry);
      let auth = await authorize(registry, repository, scheme, credential);
      if (!('sent' in auth)) return auth;
      let answer = await head(reference, auth.header);
      if (!('headers' in answer)) return answer;

      if (answer.status === 401) {
        const challenge = pickChallenge(parseChallenges(answer.headers['www-authenticate']));
        const asked = challenge ? schemeOf(challenge) : undefined;
        if (asked) {
          const changed = JSON.stringify(asked) !== JSON.stringify(scheme);
          if (changed) context.cache.rememberAuthScheme(registry, asked);
          // A token kept from before that the registry now refuses (not for lack of access): get a new one.
          const stale = asked.scheme === 'bearer' && auth.sent === 'bearer' && auth.cachedToken === true && challenge?.params.error !== 'insufficient_scope';
          if (stale && auth.header) tokens.forget(registry, asked, credential, auth.header.slice('Bearer '.length));
          // Answer the challenge once, unless that is exactly what was just sent.
          const canAnswer = asked.scheme === 'bearer' ? auth.sent !== 'bearer' || changed || stale : auth.sent !== 'basic' && credential?.username !== undefined;
          if (canAnswer && auth.sent !== 'registry-token') {
            scheme = asked;
            auth = await authorize(registry, repository, scheme, credential);
            if (!('sent' in auth)) return auth;
            answer = await head(reference, auth.header);
            if (!('headers' in answer)) return answer;
          }
        }
      }
      return classify(answer, reference, credential, auth.sent);
    },
  };
}

function schemeOf(challenge: Challenge): AuthScheme | undefined {
  if (challenge.scheme === 'basic') return { scheme: 'basic' };
  const { realm, service } = challenge.params;
  if (challenge.scheme !== 'bearer' || !realm) return undefined;
  return { scheme: 'bearer', realm, ...(service === undefined ? {} : { service }) };
}

function classify(answer: HttpAnswer, reference: ImageReference, credential: RegistryCredential | undefined, sent: Sent): ManifestOutcome {
  const { registry, repository, manifestRef } = reference;
  const status = answer.status;
  if (status >= 200 && status < 300) {
    const digest = answer.headers['docker-content-digest'];
    return { status: 'available', ...(typeof digest === 'string' && /^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest) ? { digest } : {}) };
  }
  const http = `HTTP ${status} from ${registry}`;
  if (status === 404) return { status: 'absent', message: `${http}: no manifest ${repository}:${manifestRef}` };
  if (status === 401) {
    const challenge = pickChallenge(parseChallenges(answer.headers['www-authenticate']));
    if (credential === undefined) {
      return { status: 'authentication-failure', message: `${http}: it wants credentials for ${repository} (or the repository does not exist) and none are configured for ${registry}` };
    }
    if (challenge?.params.error === 'insufficient_scope' && sent === 'bearer') {
      return { status: 'authorization-failure', message: `${http}: the credentials for ${registry} give no pull access to ${repository}` };
    }
    return { status: 'authentication-failure', message: `${http}: the credentials for ${registry} were refused` };
  }
  if (status === 403) return { status: 'authorization-failure', message: `${http}: no pull access to ${repository}` };
  if (status === 429) return { status: 'registry-unavailable', message: `${http}: rate limited; it is not asked again before the time it gave` };
  if (status >= 500) return { status: 'registry-unavailable', message: http };
  return { status: 'unknown-error', message: `unexpected ${http}` };
}

/** https://<api host>, or http:// for a registry given to --registry-insecure. */
function baseUrl(registry: string, context: RunContext): string {
  return `${context.insecure.has(registry.toLowerCase()) ? 'http' : 'https'}://${registryApiHost(registry)}`;
}
