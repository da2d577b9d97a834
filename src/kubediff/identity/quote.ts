// Names from git or from the cluster, quoted for messages: control characters
// written as escapes (never raw), and cut when long, so a hostile name can
// neither forge a line nor flood the output.

const MAX_SHOWN = 80;

export function quoteName(name: string): string {
  if (name.length <= MAX_SHOWN) return JSON.stringify(name);
  return `${JSON.stringify(name.slice(0, MAX_SHOWN))}... (${name.length} characters)`;
}
