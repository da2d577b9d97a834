// Searches outputs for Secret values in every form they could leak in: as
// written, base64 (how data holds them), base64 of base64 (data of data, a
// dockerconfigjson's auth), escaped for JSON and HTML, a sha256 (a "hint"),
// and any run of 10 characters of a value (a quoted excerpt, a cut value).
import { createHash } from 'node:crypto';

export interface Needle {
  /** What is searched for. */
  readonly text: string;
  /** How it relates to a value, for the failure message (never the value itself: the message is an output too). */
  readonly label: string;
}

/** An output to search, by name, e.g. `GET /?state=drifted` or `kubediff -o json stdout`. */
export type Outputs = ReadonlyMap<string, string>;

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
// Inside a longer base64 text the padding is not there: search without it.
const unpadded = (text: string): string => text.replace(/=+$/, '');
const EXCERPT = 10;

function escapes(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  const html = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const htmlOfJson = json.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [text, json, html, htmlOfJson];
}

/**
 * The needles for each value; `value #i` in labels is the value's index in
 * the list. With `excerpts`, also every run of 10 characters: for values
 * that are secret as a whole, not for composites (a docker config JSON) whose
 * parts, such as `"password"`, are not.
 */
export function needlesFor(values: readonly string[], { excerpts }: { excerpts: boolean }): Needle[] {
  const needles: Needle[] = [];
  values.forEach((value, i) => {
    const label = (form: string) => `value #${i} (${value.length} chars) ${form}`;
    for (const text of new Set(escapes(value))) needles.push({ text, label: label('as written or escaped') });
    needles.push({ text: unpadded(b64(value)), label: label('in base64') });
    needles.push({ text: unpadded(b64(b64(value))), label: label('in base64 of base64') });
    const sha = createHash('sha256').update(value).digest();
    needles.push({ text: sha.toString('hex'), label: label('as sha256 hex') });
    needles.push({ text: unpadded(sha.toString('base64')), label: label('as sha256 base64') });
    for (let start = 0; excerpts && start + EXCERPT < value.length; start++) {
      needles.push({ text: value.slice(start, start + EXCERPT), label: label(`characters ${start}..${start + EXCERPT - 1}`) });
    }
  });
  return needles;
}

/** Every (output, needle) pair where the output holds the needle; empty when nothing leaked. */
export function findLeaks(outputs: Outputs, needles: readonly Needle[]): string[] {
  const leaks: string[] = [];
  for (const [name, text] of outputs) {
    for (const needle of needles) {
      const at = text.indexOf(needle.text);
      // Say where, but show the surroundings with the needle cut out: a failing test prints its message.
      if (at !== -1) leaks.push(`${name}: ${needle.label} at offset ${at}, after ${JSON.stringify(text.slice(Math.max(0, at - 40), at))}`);
    }
  }
  return leaks;
}
