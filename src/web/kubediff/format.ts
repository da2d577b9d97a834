// Small text formatters for the page: times, durations, values, anchors.
import type { ObjectRef } from '../../kubediff/result.js';

/** `2026-11-22 13:20:05 UTC`: unambiguous for people in any time zone. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `850ms`, `2.4s`, `3m12s`, `1h05m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  const minutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** `12s ago` or `in 12s`, relative to now. */
export function formatRelative(iso: string, now: Date): string {
  const delta = new Date(iso).getTime() - now.getTime();
  if (Number.isNaN(delta)) return '';
  if (Math.abs(delta) < 1000) return 'now';
  return delta < 0 ? `${formatDuration(-delta)} ago` : `in ${formatDuration(delta)}`;
}

/** A git or live value as one line of text: JSON for everything, bounded. */
export function formatValue(value: unknown, maxChars: number): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/** The object's anchor: `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
export function objectAnchor(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** `demo/web`, or `web` for cluster-scoped objects. */
export function objectName(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The link to an anchor; encodeURI throws on a lone surrogate (a YAML "\ud800" escape), so those become U+FFFD as browsers make them. */
export function anchorHref(anchor: string): string {
  return `#${encodeURI(anchor.replace(/\p{Surrogate}/gu, '\uFFFD'))}`;
}
