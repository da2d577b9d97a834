// A js-yaml schema that resolves plain scalars as kubectl does (through
// sigs.k8s.io/yaml, a go-yaml v2 fork, i.e. YAML 1.1): yes/no/on/off/y/n are
// booleans, 0755 is octal, underscores in numbers are ignored, merge keys `<<`
// work, and timestamps and base-60 numbers stay strings.
import jsyaml from 'js-yaml';

const TRUE_WORDS = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE_WORDS = /^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;
// Go's strconv.ParseInt with base 0, after go-yaml removed the underscores.
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
// go-yaml v2's yamlStyleFloat, plus the special values.
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOATS: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity,
  '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};

// Every plain scalar, keys included, is offered to each type: a first-character
// test keeps that cheap for the many that are plain words.
const BOOL_START = /^[yYnNtTfFoO]/;
const NUMBER_START = /^[-+.0-9]/;

/** go-yaml only strips underscores from scalars that start like a number. */
function numeric(data: string): string | undefined {
  return /^[-+0-9]/.test(data) ? data.replace(/_/g, '') : undefined;
}

const bool = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOL_START.test(data) && (TRUE_WORDS.test(data) || FALSE_WORDS.test(data)),
  construct: (data: string) => TRUE_WORDS.test(data),
  predicate: (value: unknown) => typeof value === 'boolean',
});

const int = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => {
    if (data === null || !NUMBER_START.test(data)) return false;
    const digits = numeric(data);
    return digits !== undefined && GO_INT.test(digits);
  },
  construct: (data: string) => {
    const digits = numeric(data) ?? data;
    const sign = digits.startsWith('-') ? -1 : 1;
    const body = digits.replace(/^[-+]/, '');
    const prefix = body.slice(0, 2).toLowerCase();
    if (prefix === '0x') return sign * parseInt(body.slice(2), 16);
    if (prefix === '0o') return sign * parseInt(body.slice(2), 8);
    if (prefix === '0b') return sign * parseInt(body.slice(2), 2);
    if (body.length > 1 && body.startsWith('0')) return sign * parseInt(body.slice(1), 8);
    return sign * Number(body);
  },
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
});

const float = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => {
    if (data === null || !NUMBER_START.test(data)) return false;
    if (data in SPECIAL_FLOATS) return true;
    const digits = data.startsWith('.') ? data : numeric(data);
    return digits !== undefined && GO_FLOAT.test(digits);
  },
  construct: (data: string) => SPECIAL_FLOATS[data] ?? Number(data.startsWith('.') ? data : numeric(data)),
  predicate: (value: unknown) => typeof value === 'number',
});

// js-yaml applies merge semantics to keys resolved to this tag.
const merge = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string | null) => data === '<<',
});

export const KUBECTL_YAML_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [bool, int, float, merge] });
