// Text from git, the cluster, a kubeconfig or a command's output must never
// drive the terminal that shows it: an object name holding `\e[2J` would clear
// the screen, one holding `\n\nkubediff: ... exit 0` would forge the summary
// line, a bidirectional override would reorder what is read. Such characters
// are shown as `\u001b`-style escapes, never raw.

// C0 controls and DEL, C1 controls, the Unicode line and paragraph
// separators, the bidirectional controls (marks, embeddings, overrides,
// isolates), and lone surrogates (not text at all).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|\p{Surrogate}/gu;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|\p{Surrogate}/gu;

function escape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line of text: every control character, newlines and tabs included, becomes `\uXXXX`. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * Text whose line breaks are its own (a rendered report, a diff, a command's
 * output): newlines and tabs stay, CRLF becomes LF, everything else is escaped
 * as escapeControl does.
 */
export function escapeControlKeepLines(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE_KEEP_LINES, escape);
}

/**
 * JSON text for a terminal: JSON.stringify already escapes C0 controls; this
 * escapes the rest (C1, separators, bidirectional controls) the JSON way, so
 * the result is still the same JSON value.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE_KEEP_LINES, escape);
}
