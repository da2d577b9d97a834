// HTML escaping shared by every page. Everything that comes from outside
// (command output, manifests, live objects, flags) goes through here.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/**
 * Control characters (other than tab and newline) shown as visible symbols
 * (U+2400 Control Pictures, e.g. BEL as ␇) instead of being passed to the
 * browser; carriage returns end a line, as a terminal shows them.
 */
export function visibleControls(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => (c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))));
}
