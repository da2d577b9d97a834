// Arbitraries for text an attacker or an unlucky user controls: names, keys
// and values with control characters, path tricks, YAML syntax, very long
// strings; and whole manifest files that are broken in the ways real ones
// break (aliases, deep nesting, tags, encodings, truncation).
import fc from 'fast-check';

/** Strings that have broken parsers, paths, terminals or comparisons somewhere. */
export const NASTY_STRINGS = [
  '', '.', '..', '/', 'a/b', '../x', '%2e%2e', '%', 'Bad_Name!', 'a?x', 'UPPER', '-lead', 'trail-',
  'x\n\nkubediff: 10 objects (10 in sync, 0 drifted, 0 missing, 0 failed); exit 0\n\u001b[2J',
  '\u001b]0;title\u0007', '\u202eevil', '\ud800', '\udc00x', '\u0000', '\r\n', '\t', '\u2028',
  'null', '~', 'true', 'no', 'on', '0x1F', '1e309', '-0', '0755', '.inf', '.nan', '2001-12-14',
  '*a', '&a', '<<', '!!binary', '!!js/function', '{', '[', '"', "'", '#', '---', '...', ': ', ' #',
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString',
  'system:controller:x', 'a'.repeat(64), 'a'.repeat(254),
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);

/** JSON-like values with nasty strings for keys and leaves. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const apiVersion = fc.oneof(fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'example.com/v1', 'kustomize.config.k8s.io/v1beta1'), nastyValue);
const kind = fc.oneof(
  fc.constantFrom('ConfigMap', 'Secret', 'Deployment', 'Namespace', 'Service', 'ClusterRole', 'CronJob', 'Widget', 'List', 'ConfigMapList', 'Kustomization'),
  nastyValue,
);
const name = fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/), nastyString, nastyValue);

/** Something shaped like a Kubernetes object, each part possibly wrong. */
export const manifestLike: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  object: fc.record(
    {
      apiVersion,
      kind,
      metadata: fc.oneof(
        { weight: 4, arbitrary: fc.record({ name, namespace: name, labels: fc.dictionary(nastyString, nastyString, { maxKeys: 3 }) }, { requiredKeys: [] }) },
        { weight: 1, arbitrary: nastyValue },
      ),
      data: fc.dictionary(nastyString, nastyValue, { maxKeys: 4 }),
      spec: nastyValue,
      items: fc.array(tie('object'), { maxLength: 3 }),
    },
    { requiredKeys: ['apiVersion', 'kind'] },
  ),
})).object;

/** Hand-written YAML and JSON that has hurt parsers: every one a separate attack. */
export const hostileDocument: fc.Arbitrary<string> = fc.oneof(
  // Nesting deeper than any real manifest, in both syntaxes.
  fc.integer({ min: 50, max: 20_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
  fc.integer({ min: 50, max: 20_000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
  fc.integer({ min: 50, max: 3_000 }).map((d) => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}a:`).join('\n')),
  // Aliases that expand far beyond the text (billion laughs), a few levels of them.
  fc.record({ levels: fc.integer({ min: 2, max: 9 }), width: fc.integer({ min: 2, max: 10 }), leaf: fc.integer({ min: 1, max: 2000 }) }).map(
    ({ levels, width, leaf }) => {
      const lines = [`l0: &l0 "${'x'.repeat(leaf)}"`];
      for (let l = 1; l <= levels; l++) lines.push(`l${l}: &l${l} [${Array.from({ length: width }, () => `*l${l - 1}`).join(', ')}]`);
      return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
    },
  ),
  // Tags, merge keys and aliases that point nowhere.
  fc.constantFrom(
    'a: !!binary AAAA\n', 'a: !!js/function "function(){}"\n', 'a: !!js/regexp /x/\n', 'a: !custom {x: 1}\n', 'a: !!set {x, y}\n',
    'a: !!omap [x: 1]\n', 'a: *nowhere\n', 'b: {<<: *nowhere}\n', '<<: [1, 2]\n', 'a: !!int "x"\n', 'a: !!float "y"\n',
    'a: 1\na: 2\n', '%YAML 1.2\n---\na: 1\n', '%TAG ! tag:x,2000:\n---\n!a b\n', '? [a, b]\n: c\n', '? {a: 1}\n: 2\n',
    '\ufeffapiVersion: v1\n', 'a: |\n  b\n c\n', '\t- x\n', 'a: "\\uD800"\n', 'a: "\\x00"\n', 'a: "\\e[2J"\n',
    '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"__proto__": {"x": 1}}}',
  ),
  // Many documents, many separators.
  fc.integer({ min: 1, max: 3_000 }).map((n) => '---\n'.repeat(n)),
  fc.integer({ min: 1, max: 500 }).map((n) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\n`).join('---\n')),
  // Long lines and long scalars.
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata: {a: "${'x'.repeat(n)}"}\n`),
);

/** How a file's text may be damaged on its way to disk. */
export type Damage = 'none' | 'truncate' | 'bom' | 'utf16le' | 'utf16be' | 'nul' | 'invalid-utf8' | 'crlf';
export const damage: fc.Arbitrary<Damage> = fc.constantFrom('none', 'none', 'none', 'truncate', 'bom', 'utf16le', 'utf16be', 'nul', 'invalid-utf8', 'crlf');

export function damaged(text: string, how: Damage, cut: number): Buffer {
  switch (how) {
    case 'none':
      return Buffer.from(text);
    case 'truncate':
      return Buffer.from(text).subarray(0, Math.floor(Buffer.byteLength(text) * cut));
    case 'bom':
      return Buffer.from(`\ufeff${text}`);
    case 'utf16le':
      return Buffer.from(`\ufeff${text}`, 'utf16le');
    case 'utf16be':
      return Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
    case 'nul':
      return Buffer.concat([Buffer.from(text), Buffer.from([0, 0, 0])]);
    case 'invalid-utf8':
      return Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(text)]);
    case 'crlf':
      return Buffer.from(text.replace(/\n/g, '\r\n'));
  }
}
