// Times and durations as the page shows them.
import { formatDuration } from '../config/duration.js';

/** "2026-11-22 13:45:02 UTC": unambiguous for people in any time zone. */
export function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A run's duration: "0.42s", "12.3s", "2m5s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(2)}s`;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  return formatDuration(Math.round(seconds) * 1000);
}

/** "12s ago", "in 8s", "just now". */
export function formatRelative(epochMs: number, nowMs: number): string {
  const deltaSeconds = Math.round((epochMs - nowMs) / 1000);
  if (deltaSeconds === 0) return 'now';
  const text = formatDuration(Math.abs(deltaSeconds) * 1000);
  return deltaSeconds > 0 ? `in ${text}` : `${text} ago`;
}
