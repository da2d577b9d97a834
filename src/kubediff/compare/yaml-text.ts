// YAML text for JSON values, in the block style of `kubectl get -o yaml`,
// for the per-object diffs. The `yaml` package's document model costs about
// 150 µs per Deployment, which adds up to seconds when thousands of objects
// drift at once; JSON values need none of it. Tests check that the `yaml`
// package reads back exactly the value written (YAML 1.1 and 1.2).

const INDENT = '  ';
// Plain scalars: safe first character, no `: ` or ` #`, no trailing space or colon.
const PLAIN = /^[A-Za-z_/][\w ./:@()=,+~%-]*$/;
const UNSAFE_PLAIN = /: | #|[ :]$/;
// Words YAML 1.1 or 1.2 would read as booleans or null.
const RESERVED = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null']);
// What a literal block cannot hold faithfully: \r and other control characters.
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || code === 0x09) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) return true;
  }
  return false;
}

/** The value as YAML text ending in a newline; '' for undefined. */
export function toYamlText(value: unknown): string {
  if (value === undefined) return '';
  const lines: string[] = [];
  if (isCollection(value) && !isEmptyCollection(value)) writeBlock(value, '', lines);
  else lines.push(scalar(value, ''));
  return `${lines.join('\n')}\n`;
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(value: unknown): value is Collection {
  return typeof value === 'object' && value !== null;
}

function isEmptyCollection(value: Collection): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function writeBlock(value: Collection, indent: string, lines: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) writeItem(item, indent, lines);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (isCollection(child) && !isEmptyCollection(child)) {
      lines.push(`${indent}${plainOrQuoted(key)}:`);
      writeBlock(child, indent + INDENT, lines);
    } else {
      lines.push(`${indent}${plainOrQuoted(key)}: ${scalar(child, indent + INDENT)}`);
    }
  }
}

// A list item: `- ` then the item's first line; its other lines are indented under it.
function writeItem(item: unknown, indent: string, lines: string[]): void {
  if (!isCollection(item) || isEmptyCollection(item)) {
    lines.push(`${indent}- ${scalar(item ?? null, indent + INDENT)}`);
    return;
  }
  const start = lines.length;
  writeBlock(item, indent + INDENT, lines);
  lines[start] = `${indent}- ${(lines[start] ?? '').slice(indent.length + INDENT.length)}`;
}

function scalar(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return stringScalar(value, indent);
  if (Array.isArray(value)) return '[]';
  return '{}';
}

function stringScalar(text: string, indent: string): string {
  // A block's indentation is read from its first line, which must therefore start with text.
  if (text.includes('\n') && !hasControlCharacters(text) && /^[^\s]/.test(text)) {
    return literalBlock(text, indent);
  }
  return plainOrQuoted(text);
}

function plainOrQuoted(text: string): string {
  const plain = PLAIN.test(text) && !UNSAFE_PLAIN.test(text) && !RESERVED.has(text.toLowerCase());
  // JSON strings are valid YAML double-quoted scalars.
  return plain ? text : JSON.stringify(text);
}

// Multi-line strings (config files in ConfigMaps) as `|` blocks, so that a diff
// shows the changed line rather than one long quoted string.
function literalBlock(text: string, indent: string): string {
  const trailing = text.length - text.replace(/\n+$/, '').length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing === 0 ? text : text.slice(0, text.length - (chomp === '+' ? 1 : trailing));
  const lines = body.split('\n').map((line) => (line === '' ? '' : indent + line));
  return `|${chomp}\n${lines.join('\n')}`;
}
