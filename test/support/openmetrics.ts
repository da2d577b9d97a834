// A strict reader of the OpenMetrics 1.0 text format for tests: it returns
// every way an exposition breaks the specification's ABNF and its rules on
// families (metadata before samples, one block per family, sample names by
// type, `# EOF` last), so a test can assert that none is found. Prometheus's
// own parser (promtool tsdb create-blocks-from openmetrics) is more lenient:
// tests run both.
import { parseSample, type Sample } from './text-format.js';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'stateset', 'info', 'summary', 'unknown']);
const SUFFIXES: Record<string, readonly string[]> = {
  counter: ['_total', '_created'],
  gauge: [''],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['', '_count', '_sum', '_created'],
  info: ['_info'],
  stateset: [''],
  unknown: [''],
};
// An escaped string: no raw backslash, double quote or newline, only \\ \" \n escapes.
const ESCAPED = /^(?:[^\\"\n]|\\[\\"n])*$/;

export interface OpenMetricsFamily {
  readonly name: string;
  readonly type: string;
  readonly help: string | undefined;
  readonly samples: readonly Sample[];
}

export interface OpenMetricsCheck {
  readonly problems: readonly string[];
  readonly families: readonly OpenMetricsFamily[];
}

export function checkOpenMetrics(text: string): OpenMetricsCheck {
  const problems: string[] = [];
  const families: { name: string; type: string; help: string | undefined; samples: Sample[] }[] = [];
  const seen = new Set<string>();
  if (!text.endsWith('# EOF\n')) problems.push('the exposition does not end with "# EOF" and a newline');
  const lines = text.replace(/\n$/, '').split('\n');
  let current: (typeof families)[number] | undefined;
  let inSamples = false;
  const series = new Set<string>();

  lines.forEach((line, index) => {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    if (line === '# EOF') {
      if (index !== lines.length - 1) problems.push(`${where}: # EOF before the end`);
      return;
    }
    if (line === '') return void problems.push(`${where}: empty lines are not allowed`);
    const meta = /^# (TYPE|HELP|UNIT) (\S+)(?: (.*))?$/.exec(line);
    if (line.startsWith('#') && !meta) return void problems.push(`${where}: not a TYPE, HELP, UNIT or EOF line`);
    if (meta) {
      const [, keyword, name = '', value = ''] = meta;
      if (!NAME.test(name)) problems.push(`${where}: bad family name`);
      if (current?.name !== name || inSamples) {
        if (seen.has(name)) problems.push(`${where}: family ${name} appears twice`);
        seen.add(name);
        current = { name, type: 'unknown', help: undefined, samples: [] };
        families.push(current);
        inSamples = false;
      }
      if (keyword === 'TYPE') {
        if (!TYPES.has(value)) problems.push(`${where}: unknown type ${value}`);
        current.type = value;
        if (value === 'counter' && name.endsWith('_total')) problems.push(`${where}: a counter family is named without _total`);
      } else if (keyword === 'HELP') {
        if (!ESCAPED.test(value)) problems.push(`${where}: HELP is not an escaped string`);
        current.help = value;
      }
      return;
    }
    let sample: Sample;
    try {
      sample = parseSample(line, where);
    } catch (error) {
      return void problems.push((error as Error).message);
    }
    const rawLabels = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (!ESCAPED.test(rawLabels.replace(/"((?:[^\\"]|\\.)*)"/g, (match, inner: string) => (ESCAPED.test(inner) ? '' : match)))) {
      problems.push(`${where}: a label value is not an escaped string`);
    }
    if (!current) return void problems.push(`${where}: a sample before any family metadata`);
    const allowed = SUFFIXES[current.type] ?? [''];
    if (!allowed.some((suffix) => sample.name === `${current?.name}${suffix}`)) {
      problems.push(`${where}: ${sample.name} is not a sample name of ${current.type} family ${current.name}`);
    }
    if (sample.name.endsWith('_bucket') && sample.labels.le === undefined) problems.push(`${where}: a bucket without le`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (series.has(key)) problems.push(`${where}: the same series twice`);
    series.add(key);
    inSamples = true;
    current.samples.push(sample);
  });
  for (const family of families.filter((f) => f.type === 'histogram')) {
    const infBuckets = family.samples.filter((s) => s.name === `${family.name}_bucket` && s.labels.le === '+Inf').length;
    const counts = family.samples.filter((s) => s.name === `${family.name}_count`).length;
    if (infBuckets !== counts) problems.push(`histogram ${family.name}: ${counts} series but ${infBuckets} +Inf buckets`);
  }
  return { problems, families };
}
