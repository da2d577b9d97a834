// The `kubectl.kubernetes.io/last-applied-configuration` annotation exactly as
// client-side `kubectl apply` writes it: the manifest as compact JSON with
// sorted keys (Go maps), `metadata.annotations` present, and a trailing newline.
import { isObject, type KubeObject } from './types.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value).sort().filter((key) => value[key] !== undefined).map((key) => `${JSON.stringify(key)}:${sortedJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A copy of the manifest carrying the annotation `kubectl apply` would add. */
export function withLastApplied(manifest: KubeObject): KubeObject {
  const metadata = isObject(manifest.metadata) ? manifest.metadata : {};
  const annotations: Record<string, unknown> = isObject(metadata.annotations) ? { ...metadata.annotations } : {};
  delete annotations[LAST_APPLIED];
  const recorded = { ...manifest, metadata: { ...metadata, annotations } };
  return { ...manifest, metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: `${sortedJson(recorded)}\n` } } };
}

/**
 * The annotation the API server writes when kubectl's server-side apply keeps
 * it up to date: the applied configuration, without the annotation itself.
 */
export function lastAppliedText(config: KubeObject): string {
  const metadata = isObject(config.metadata) ? config.metadata : undefined;
  if (!metadata || !isObject(metadata.annotations)) return `${sortedJson(config)}\n`;
  const { [LAST_APPLIED]: _previous, ...annotations } = metadata.annotations;
  return `${sortedJson({ ...config, metadata: { ...metadata, annotations } })}\n`;
}
