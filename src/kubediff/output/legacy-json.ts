// `-j/--json`: weaveworks/kubediff's JSON, `{"<file>": ["<difference>", ...]}`
// with sorted keys, so scripts written for it keep working. Missing objects
// and errors are entries of their file too (weaveworks listed kubectl's error
// there); errors with no file are under "<cluster>".
import { escapeJsonText } from '../../text/control-characters.js';
import type { CheckReport } from '../result.js';
import { describeObject, formatDifference, formatError } from './describe.js';

export const NO_FILE_KEY = '<cluster>';

export function renderLegacyJson(report: CheckReport): string {
  const byFile = new Map<string, string[]>();
  const add = (file: string | undefined, entry: string) => {
    const key = file ?? NO_FILE_KEY;
    const entries = byFile.get(key) ?? [];
    entries.push(entry);
    byFile.set(key, entries);
  };
  for (const error of report.errors) add(error.file, formatError(error));
  for (const result of report.objects) {
    if (result.state === 'drifted') for (const difference of result.differences) add(result.source.file, formatDifference(difference));
    if (result.state === 'missing') add(result.source.file, `${describeObject(result.ref)}: missing: not in the cluster`);
    if (result.state === 'error' && result.error) add(result.source.file, formatError(result.error, result));
  }
  const sorted = Object.fromEntries([...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${escapeJsonText(JSON.stringify(sorted, null, 2))}\n`;
}
