// Splits a command given as one string (`--render 'helm template web . -f
// values-prod.yaml'`) into words the way a POSIX shell would quote them, and
// nothing more: no variables, globs, pipes or redirections (write `sh -c '...'`
// for those). So the command runs without a shell, as written.

export type Words = { readonly ok: true; readonly words: readonly string[] } | { readonly ok: false; readonly problem: string };

export function splitCommand(text: string): Words {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { ok: false, problem: 'a single quote is not closed' };
      current += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        // In double quotes a backslash escapes only these, as in sh.
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1] as string)) j++;
        current += text[j];
      }
      if (j >= text.length) return { ok: false, problem: 'a double quote is not closed' };
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 < text.length) current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  if (words.length === 0) return { ok: false, problem: 'no command given' };
  return { ok: true, words };
}
