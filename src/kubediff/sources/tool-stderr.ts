// The first lines of a failed tool's stderr, fit for an error message: kubectl's
// klog decoration removed (`E1201 23:30:04.591446 654 run.go:72] "command
// failed" err="..."`), bounded in lines and length, and values that must not
// be shown (secretGenerator literals) replaced.

const MAX_LINES = 10;
const MAX_LINE_CHARS = 300;
const KLOG_PREFIX = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\]\s]+\] /;
const HIDDEN = '<hidden>';

/**
 * How a tool failed and what it said, on one line. Errors are shown one a line
 * and every line break inside one is escaped (`\u000a`) so that no text can
 * forge a line of the report: the tool's lines are joined with ` | ` instead.
 */
export function failedSaying(how: string, said: string): string {
  return said ? `${how}: ${said.split('\n').join(' | ')}` : `${how} and printed no error`;
}

export function stderrSummary(stderr: string, conceal: readonly string[] = []): string {
  const lines: string[] = [];
  for (const raw of unwrapKlog(stderr).split('\n')) {
    const line = hide(raw.trimEnd(), conceal);
    if (line.trim() === '') continue;
    if (lines.length === MAX_LINES) {
      lines.push('...');
      break;
    }
    lines.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}...` : line);
  }
  return lines.join('\n');
}

/** kubectl logs its error as `"command failed" err="<Go-quoted text>"` or `err=<` + tab-indented lines + ` >`. */
function unwrapKlog(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => {
      const bare = line.replace(KLOG_PREFIX, '');
      const quoted = /^"command failed" err="(.*)"$/.exec(bare);
      if (quoted) return unquote(quoted[1] ?? '');
      if (/^"command failed" err=<$/.test(bare) || /^ >$/.test(bare)) return '';
      return bare.replace(/^\t/, '');
    })
    .join('\n');
}

function unquote(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

function hide(line: string, conceal: readonly string[]): string {
  let shown = line;
  for (const value of conceal) {
    if (value === '') continue;
    // A short value hides only where it stands alone, or every digit of the text would go.
    shown = value.length >= 4
      ? shown.split(value).join(HIDDEN)
      : shown.replace(new RegExp(`(?<![\\w])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'g'), HIDDEN);
  }
  return shown;
}
