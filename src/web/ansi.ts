// Terminal output for the page: ANSI SGR color codes become spans with CSS
// classes (inline styles would be blocked by the Content-Security-Policy),
// every other escape sequence is dropped, and all text is HTML-escaped.
import { escapeHtml, visibleControls } from './escape.js';

// CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), and two-byte escapes; also a lone 8-bit CSI.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ESCAPE_SEQUENCE = /\u001b\[([0-?]*)[ -/]*([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -/]*[0-~]?|\u009b[0-?]*[ -/]*[@-~]/g;

interface Style {
  fg?: number;
  bg?: number;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

/** The text without any terminal escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '');
}

/** Escaped HTML for terminal output, colors as `<span class="ansi-…">`. */
export function ansiToHtml(text: string): string {
  let html = '';
  let style: Style = {};
  let last = 0;
  for (const match of text.matchAll(ESCAPE_SEQUENCE)) {
    html += styled(text.slice(last, match.index), style);
    last = match.index + match[0].length;
    if (match[2] === 'm' && match[0].startsWith('\u001b[')) style = applySgr(style, match[1] ?? '');
  }
  return html + styled(text.slice(last), style);
}

function styled(text: string, style: Style): string {
  if (text === '') return '';
  const escaped = escapeHtml(visibleControls(text));
  const classes = classesOf(style);
  return classes.length === 0 ? escaped : `<span class="${classes.join(' ')}">${escaped}</span>`;
}

function classesOf(style: Style): string[] {
  const classes: string[] = [];
  if (style.fg !== undefined) classes.push(`ansi-fg${style.fg}`);
  if (style.bg !== undefined) classes.push(`ansi-bg${style.bg}`);
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  return classes;
}

function applySgr(previous: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let style = { ...previous };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === 0) style = {};
    else if (code === 1) style.bold = true;
    else if (code === 2) style.dim = true;
    else if (code === 3) style.italic = true;
    else if (code === 4) style.underline = true;
    else if (code === 22) style.bold = style.dim = false;
    else if (code === 23) style.italic = false;
    else if (code === 24) style.underline = false;
    else if (code >= 30 && code <= 37) style.fg = code - 30;
    else if (code >= 90 && code <= 97) style.fg = code - 90 + 8;
    else if (code === 39) style.fg = undefined;
    else if (code >= 40 && code <= 47) style.bg = code - 40;
    else if (code >= 100 && code <= 107) style.bg = code - 100 + 8;
    else if (code === 49) style.bg = undefined;
    else if (code === 38 || code === 48) {
      // 256 colors (5;n) map to the 16 classes when n < 16; true color (2;r;g;b) has no class: dropped.
      const mode = codes[i + 1];
      const value = codes[i + 2];
      const color = mode === 5 && value !== undefined && value < 16 ? value : undefined;
      if (code === 38) style.fg = color;
      else style.bg = color;
      i += mode === 5 ? 2 : mode === 2 ? 4 : 1;
    }
  }
  return style;
}
