// The image check's flags, parsed with kubediff's into a typed config:
// --check-images[=live], where credentials and CAs come from, plain-http
// registries, and the good-citizen limits (recheck age, request budget,
// concurrency per registry). A registry flag without --check-images is an
// error (it would silently do nothing).
import { ConfigError } from '../../errors.js';
import { parseDuration } from '../../config/duration.js';
import type { FlagSpec, ParsedFlags } from '../../config/flags.js';
import type { ImageCheckConfig } from './check-images.js';

export const DEFAULT_IMAGE_RECHECK_MS = 3_600_000;
export const DEFAULT_IMAGE_REQUESTS = 1000;
export const DEFAULT_REGISTRY_CONCURRENCY = 4;

export const IMAGE_FLAGS: readonly FlagSpec[] = [
  { name: 'check-images', kind: 'boolean', values: ['git', 'live'], help: 'ask each image\'s registry whether it has the images git declares (=live: also those of the live objects); never changes the exit code' },
  { name: 'registry-config', kind: 'string', valueName: 'FILE', defaultText: '$DOCKER_CONFIG/config.json, else ~/.docker/config.json', help: 'registry credentials: a docker config.json, or the folder of a mounted kubernetes.io/dockerconfigjson Secret' },
  { name: 'registry-insecure', kind: 'string', valueName: 'HOST[:PORT]', repeatable: true, help: 'a registry or token service spoken to over plain http (repeatable)' },
  { name: 'registry-ca-file', kind: 'string', valueName: 'FILE', help: 'PEM CA certificates trusted for registries, on top of the public ones' },
  { name: 'image-recheck', kind: 'string', valueName: 'DURATION', defaultText: '1h', help: 'ask again about an available image after this long (images that are not available are asked every run)' },
  { name: 'image-requests', kind: 'string', valueName: 'N', defaultText: String(DEFAULT_IMAGE_REQUESTS), help: 'most requests to registries in one run; the rest are asked in the next runs' },
  { name: 'registry-concurrency', kind: 'string', valueName: 'N', defaultText: String(DEFAULT_REGISTRY_CONCURRENCY), help: 'requests in flight to one registry' },
];

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::\d{1,5})?$/;

/** The image check's config, or undefined without --check-images. Throws ConfigError. */
export function parseImageFlags(flags: ParsedFlags): ImageCheckConfig | undefined {
  const spelled = (name: string) => flags.spelled.get(name) ?? `--${name}`;
  const mode = flags.values.get('check-images');
  const enabled = mode === true || mode === 'git' || mode === 'live';
  if (!enabled) {
    const stray = IMAGE_FLAGS.map((f) => f.name).find((name) => name !== 'check-images' && flags.values.has(name));
    if (stray) throw new ConfigError(spelled(stray), `${spelled(stray)} is for the image check: add --check-images, or drop ${spelled(stray)}`);
    return undefined;
  }
  const text = (name: string): string | undefined => {
    const value = flags.values.get(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(spelled(name), `Expected ${spelled(name)} to be a non-empty value, got \`${String(value)}\``);
    return value;
  };
  const count = (name: string, fallback: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new ConfigError(spelled(name), `Expected ${spelled(name)} to be a whole number from 1 to ${max}, got \`${value}\``);
    return Number(value);
  };
  const insecureValues = flags.values.get('registry-insecure');
  const insecure = Array.isArray(insecureValues) ? insecureValues : [];
  for (const host of insecure) {
    if (!HOST_PORT.test(host)) throw new ConfigError(spelled('registry-insecure'), `Expected ${spelled('registry-insecure')} to be a host and optional port like registry.local:5000 (no scheme, no path), got \`${host}\``);
  }
  const recheckText = text('image-recheck');
  const recheckMs = recheckText === undefined ? DEFAULT_IMAGE_RECHECK_MS : parseDuration(recheckText);
  if (recheckMs === undefined || recheckMs < 0) throw new ConfigError(spelled('image-recheck'), `Expected ${spelled('image-recheck')} to be a duration like 30m or 1h (0: every run), got \`${recheckText}\``);
  const registryConfig = text('registry-config');
  const caFile = text('registry-ca-file');
  return Object.freeze({
    mode: mode === 'live' ? 'live' : 'git',
    ...(registryConfig === undefined ? {} : { registryConfig }),
    insecure: Object.freeze([...insecure]),
    ...(caFile === undefined ? {} : { caFile }),
    recheckMs,
    requestBudget: count('image-requests', DEFAULT_IMAGE_REQUESTS, 1_000_000),
    concurrency: count('registry-concurrency', DEFAULT_REGISTRY_CONCURRENCY, 64),
  });
}
