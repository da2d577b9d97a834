// Bytes to text as kubectl reads manifests: UTF-8, with a byte order mark
// deciding otherwise (kubectl's file reader uses BOMOverride: a UTF-16 file
// saved by a Windows editor reads fine). What cannot be text gets a message a
// person can act on, instead of a YAML parser's "null byte is not allowed".

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type DecodedText =
  | { readonly ok: true; readonly text: string; readonly encoding: Encoding }
  | { readonly ok: false; readonly problem: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  if (looksLikeUtf16(bytes)) {
    return { ok: false, problem: 'looks like UTF-16 text without a byte order mark: save it as UTF-8 (or UTF-16 with a byte order mark, which kubectl also reads)' };
  }
  return utf8(bytes);
}

function utf8(bytes: Uint8Array): DecodedText {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'is not UTF-8 text (a binary file, or another encoding: save it as UTF-8)' };
  }
  return withoutNul(text, 'utf-8');
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  if (bytes.length % 2 !== 0) return { ok: false, problem: `is not valid ${encoding.toUpperCase()} text (an odd number of bytes)` };
  const copy = Buffer.from(bytes);
  if (encoding === 'utf-16be') copy.swap16();
  return withoutNul(copy.toString('utf16le'), encoding);
}

function withoutNul(text: string, encoding: Encoding): DecodedText {
  // YAML and JSON allow no NUL character; one is the sign of a binary file or a wrong encoding.
  if (text.includes('\0')) return { ok: false, problem: 'holds NUL characters: it is not a text manifest (a binary file, or UTF-32 text)' };
  return { ok: true, text, encoding };
}

/** NUL in every other byte of the first characters: ASCII text stored as UTF-16. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = Math.min(bytes.length - (bytes.length % 2), 64);
  if (sample < 4) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0 && bytes[i + 1] !== 0) evenNul++;
    if (bytes[i + 1] === 0 && bytes[i] !== 0) oddNul++;
  }
  const pairs = sample / 2;
  return evenNul === pairs || oddNul === pairs;
}
