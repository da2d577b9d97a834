// Registry credentials from a docker config.json: the `auths` map that
// `docker login` writes and that a kubernetes.io/dockerconfigjson Secret holds
// under `.dockerconfigjson` (the older .dockercfg shape, the map without
// `auths`, is read too). Keys are matched as the kubelet matches them: host
// (with `*` globs per label) and port exactly, then the longest path prefix.
// Docker Hub's names (docker.io, index.docker.io, registry-1.docker.io and
// https://index.docker.io/v1/) are one registry. Values never leave this
// module except to build an Authorization header: messages name the file and
// the key, never what is in it.
import { DOCKER_HUB } from './reference.js';

export interface RegistryCredential {
  readonly username?: string;
  readonly password?: string;
  /** An OAuth2 refresh token (`docker login` with an identity token): exchanged at the token service. */
  readonly identityToken?: string;
  /** A bearer token for the registry itself. */
  readonly registryToken?: string;
}

export interface CredentialStore {
  /** The credential for an image's registry and repository, if one matches. */
  lookup(registry: string, repository: string): RegistryCredential | undefined;
  /** How many entries were usable. */
  readonly size: number;
}

export interface ParsedDockerConfig {
  readonly store: CredentialStore;
  /** Problems worth saying (unusable entries, credential helpers that are not run); never holding a value. */
  readonly notices: readonly string[];
}

interface Entry {
  readonly hostPattern: string[];
  readonly port: string;
  readonly path: string;
  readonly credential: RegistryCredential;
}

const DOCKER_HUB_NAMES = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io']);

export const EMPTY_CREDENTIALS: CredentialStore = { lookup: () => undefined, size: 0 };

/** Reads config.json text; `source` names the file in notices. Throws nothing: an unusable file is a notice. */
export function parseDockerConfig(text: string, source: string): ParsedDockerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    // JSON.parse quotes the text around the error: it could be a password, so only say where.
    return { store: EMPTY_CREDENTIALS, notices: [`registry credentials in ${source} are not used: the file is not valid JSON`] };
  }
  if (!isRecord(parsed)) return { store: EMPTY_CREDENTIALS, notices: [`registry credentials in ${source} are not used: expected a JSON object with "auths"`] };
  const notices: string[] = [];
  for (const helper of ['credsStore', 'credHelpers']) {
    if (helper in parsed) notices.push(`${source}: ${helper} is not used (kubediff runs no credential helper): put the credentials in "auths", as a kubernetes.io/dockerconfigjson Secret has them`);
  }
  const auths = isRecord(parsed.auths) ? parsed.auths : 'auths' in parsed ? {} : legacyAuths(parsed);
  const entries: Entry[] = [];
  for (const [key, value] of Object.entries(auths)) {
    const entry = toEntry(key, value);
    if (typeof entry === 'string') notices.push(`${source}: the entry for ${JSON.stringify(key)} is not used: ${entry}`);
    else entries.push(entry);
  }
  // More specific first: exact hosts before globs, then longer paths.
  entries.sort((a, b) => globCount(a) - globCount(b) || b.path.length - a.path.length);
  return { store: { lookup: (registry, repository) => lookup(entries, registry, repository), size: entries.length }, notices };
}

/** The .dockercfg shape: the map itself, when its values look like entries. */
function legacyAuths(parsed: Record<string, unknown>): Record<string, unknown> {
  const values = Object.values(parsed);
  const looksLike = values.length > 0 && values.every((v) => isRecord(v) && ('auth' in v || 'username' in v || 'identitytoken' in v));
  return looksLike ? parsed : {};
}

function toEntry(key: string, value: unknown): Entry | string {
  if (!isRecord(value)) return 'expected an object with auth, or username and password';
  const location = parseKey(key);
  if (!location) return 'the key is not a registry host';
  const str = (name: string): string | undefined => (typeof value[name] === 'string' && value[name] !== '' ? (value[name] as string) : undefined);
  let username = str('username');
  let password = str('password');
  const auth = str('auth');
  if (auth !== undefined) {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(auth.trim()) || colon <= 0) return '"auth" is not base64 of username:password';
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  const identityToken = str('identitytoken');
  const registryToken = str('registrytoken');
  if (username === undefined && identityToken === undefined && registryToken === undefined) return 'it has no auth, username, identitytoken or registrytoken';
  const credential: RegistryCredential = {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(identityToken === undefined ? {} : { identityToken }),
    ...(registryToken === undefined ? {} : { registryToken }),
  };
  return { ...location, credential };
}

function parseKey(key: string): Omit<Entry, 'credential'> | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(key) ? key : `https://${key}`);
  } catch {
    return undefined;
  }
  // URL lowercases the host and turns `*` into `%2A`; patterns keep `*`.
  const host = url.hostname.replace(/%2a/gi, '*');
  if (host === '') return undefined;
  const hub = DOCKER_HUB_NAMES.has(host);
  return {
    hostPattern: (hub ? DOCKER_HUB : host).split('.'),
    port: url.port,
    // Docker Hub's key is https://index.docker.io/v1/: that path is the old API, not a repository prefix.
    path: hub ? '' : url.pathname.replace(/^\/+|\/+$/g, ''),
  };
}

function lookup(entries: readonly Entry[], registry: string, repository: string): RegistryCredential | undefined {
  const { host, port } = splitHostPort(registry);
  const labels = (DOCKER_HUB_NAMES.has(host) ? DOCKER_HUB : host).toLowerCase().split('.');
  for (const entry of entries) {
    if (entry.port !== port || entry.hostPattern.length !== labels.length) continue;
    if (!entry.hostPattern.every((pattern, i) => globMatch(pattern, labels[i] ?? ''))) continue;
    if (entry.path !== '' && repository !== entry.path && !repository.startsWith(`${entry.path}/`)) continue;
    return entry.credential;
  }
  return undefined;
}

function splitHostPort(registry: string): { host: string; port: string } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(registry);
  return { host: match?.[1] ?? registry, port: match?.[2] ?? '' };
}

function globMatch(pattern: string, label: string): boolean {
  if (!pattern.includes('*')) return pattern === label;
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^.]*')}$`);
  return regex.test(label);
}

function globCount(entry: Entry): number {
  return entry.hostPattern.filter((label) => label.includes('*')).length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
