// The body of GET /api/status. Its latest run (the whole report: ~40 MB of
// JSON for 100,000 objects) is serialized once per finished run and shared by
// every request, instead of once per request: ten clients at once cost ten
// times that, past the pod's memory limit. The rest (state, times) is small
// and made per request. The text is the same as JSON.stringify(value, null, 2)
// would write, terminal-safe (escapeJsonText).
import type { RunnerStatus, RunRecord } from '../runner/status.js';
import { escapeJsonText } from '../text/control-characters.js';
import { statusJson } from './status-json.js';

// A string no status can hold (argv and JSON text have no NUL): where the latest run goes.
const SLOT = '\u0000latest run\u0000';

export type StatusBody = (status: RunnerStatus) => readonly Buffer[];

export function createStatusBody(): StatusBody {
  let cachedFor: RunRecord | undefined;
  let cached: Buffer | undefined;
  return (status) => {
    const json = statusJson(status);
    if (!json.latest || !status.latest) return [Buffer.from(`${escapeJsonText(JSON.stringify(json, null, 2))}\n`)];
    if (status.latest !== cachedFor || !cached) {
      // At depth 1 in the document: every line after the first is indented two more spaces.
      cached = Buffer.from(escapeJsonText(JSON.stringify(json.latest, null, 2).replaceAll('\n', '\n  ')));
      cachedFor = status.latest;
    }
    const [before, after] = escapeJsonText(JSON.stringify({ ...json, latest: SLOT }, null, 2)).split(JSON.stringify(SLOT));
    return [Buffer.from(before ?? ''), cached, Buffer.from(`${after ?? ''}\n`)];
  };
}
