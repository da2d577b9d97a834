// A unified diff as colored lines; every line is escaped text.
import { html, joinHtml, type SafeHtml } from './html.js';

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return 'd-file';
  if (line.startsWith('@@')) return 'd-hunk';
  if (line.startsWith('+')) return 'd-add';
  if (line.startsWith('-')) return 'd-del';
  if (line.startsWith('\\')) return 'd-note';
  return 'd-ctx';
}

/** The diff in a <pre>, one span per line, cut after maxLines with a note saying how many were left out. */
export function renderUnifiedDiff(diff: string, maxLines: number): SafeHtml {
  const lines = diff.replace(/\n$/, '').split('\n');
  const shown = lines.slice(0, maxLines);
  const spans = shown.map((line) => html`<span class="${lineClass(line)}">${line}</span>`);
  const cut = lines.length - shown.length;
  const note = cut > 0 ? html`<span class="d-note">… ${cut} more lines (see the JSON or text output)</span>` : '';
  // Block spans, one per line: no newline text between them (it would double the spacing).
  return html`<pre class="kd-diff">${joinHtml(spans)}${note}</pre>`;
}
