// `-o diff`: like `kubectl diff`, one unified diff per drifted or missing
// object, live (what git owns of it) as the old side and git as the new side,
// Secret values masked. Nothing at all when everything is in sync. Control
// characters in the diffs' text are escaped; their line breaks are their own.
import { escapeControlKeepLines } from '../../text/control-characters.js';
import type { CheckReport } from '../result.js';

export function renderDiff(report: CheckReport): string {
  return report.objects
    .filter((result) => (result.state === 'drifted' || result.state === 'missing') && result.diff)
    .map((result) => escapeControlKeepLines(result.diff?.endsWith('\n') ? result.diff : `${result.diff ?? ''}\n`))
    .join('');
}
