// JSON.parse's error, fit to show: V8 quotes up to 10 characters either side
// of an unexpected token (`Unexpected token 'k', ..."word": kilo-VAL"... is
// not valid JSON`). The file may be a Secret, so the quote is dropped (it
// could hold a value) and only used to find where the error is.

/** V8 quotes this many characters before and after the unexpected token. */
const CONTEXT_CHARS = 10;

export interface JsonErrorDescription {
  /** The message without any excerpt of the text. */
  readonly message: string;
  /** 0-based offset of the error in the text, when known. */
  readonly position?: number;
}

export function describeJsonError(message: string, text: string): JsonErrorDescription {
  const quoted = /^(.*?), (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (quoted) {
    const [, what = 'Unexpected token', before, excerpt = '', afterDots] = quoted;
    const start = before ? text.indexOf(excerpt) : 0;
    const position = before ? start + CONTEXT_CHARS : afterDots ? excerpt.length - CONTEXT_CHARS : undefined;
    const known = start !== -1 && position !== undefined && position >= 0 && position < text.length;
    return { message: `${what}${known ? ` in JSON at position ${position}` : ''}`, ...(known ? { position } : {}) };
  }
  // `"<the whole text>" is not valid JSON`, for a text too short for an excerpt.
  if (/^".*" is not valid JSON$/s.test(message)) return { message: 'not valid JSON' };
  const position = /position (\d+)/.exec(message)?.[1];
  return { message, ...(position === undefined ? {} : { position: Number(position) }) };
}
