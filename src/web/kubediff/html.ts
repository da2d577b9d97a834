// A tagged template for HTML in which every interpolated value is escaped
// unless it is already SafeHtml, so forgetting to escape is not possible by
// accident: text from manifests, live objects and command output is only ever
// put into the page as a plain value. Escaping itself is the web layer's one
// function (../escape.ts).
import { escapeHtml } from '../escape.js';

/** HTML that is safe to emit as is: built by `html`, never from raw input. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];


function emit(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  let out = '';
  for (const item of value) out += emit(item);
  return out;
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += emit(values[i]) + (strings[i + 1] as string);
  return new SafeHtml(out);
}

/** Joins already-built fragments (and escapes any plain strings among them). */
export function joinHtml(parts: readonly HtmlValue[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map(emit).join(separator));
}
