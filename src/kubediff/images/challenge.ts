// Reads a 401's WWW-Authenticate header (RFC 7235): one or more challenges,
// each a scheme and comma-separated parameters, values plain or quoted.
// Registries answer `Bearer realm="https://auth.example/token",
// service="registry.example",scope="repository:team/app:pull"` (the token
// flow) or `Basic realm="..."`; `error="insufficient_scope"` says a token
// was accepted but holds no access to the repository.

export interface Challenge {
  /** Lowercased: `bearer`, `basic`, ... */
  readonly scheme: string;
  /** Parameter names lowercased. */
  readonly params: Readonly<Record<string, string>>;
}

/** Longer headers are not parsed (a hostile registry cannot make us loop over megabytes). */
const MAX_HEADER_CHARS = 8192;

export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const text = (Array.isArray(header) ? header.join(', ') : (header ?? '')).slice(0, MAX_HEADER_CHARS);
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const skip = (pattern: RegExp) => {
    while (i < text.length && pattern.test(text[i] ?? '')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < text.length && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(text[i] ?? '')) i++;
    return text.slice(start, i);
  };
  while (i < text.length) {
    skip(/[\s,]/);
    const word = token();
    if (word === '') {
      i++; // a character no grammar allows here: step over it
      continue;
    }
    skip(/\s/);
    if (text[i] === '=' && challenges.length > 0) {
      i++;
      skip(/\s/);
      const current = challenges[challenges.length - 1]!;
      current.params[word.toLowerCase()] = text[i] === '"' ? quoted() : token();
      continue;
    }
    if (text[i] === '=') {
      // token68 or a parameter before any scheme: not a challenge we can use.
      i++;
      token();
      continue;
    }
    challenges.push({ scheme: word.toLowerCase(), params: {} });
  }
  return challenges;

  function quoted(): string {
    let value = '';
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      value += text[i];
      i++;
    }
    i++; // closing quote
    return value;
  }
}

/** The challenge a registry client should answer: Bearer first (it says how to get a token), else Basic. */
export function pickChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ?? challenges.find((c) => c.scheme === 'basic');
}
