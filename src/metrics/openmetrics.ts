// The registry's metrics in the OpenMetrics 1.0 text format, for scrapers that
// ask for it. Written here from the registry's JSON rather than with
// prom-client's own OpenMetrics mode, which renames counters in place (it
// strips `_total` from the shared metric objects), so every text-format
// scrape after one OpenMetrics scrape would have lost the suffix.
import type { Registry } from 'prom-client';

type Family = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];
type Labels = Family['values'][number]['labels'];

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

const TYPES: Record<string, string> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
};

/** The whole exposition, ending with `# EOF`. */
export async function renderOpenMetrics(registry: Registry): Promise<string> {
  const families = await registry.getMetricsAsJSON();
  const lines: string[] = [];
  for (const family of families) lines.push(...familyLines(family));
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

function familyLines(family: Family): string[] {
  const type = TYPES[String(family.type)] ?? 'unknown';
  // An OpenMetrics counter family is named without `_total`; its samples carry it.
  const name = type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
  const lines = [`# TYPE ${name} ${type}`];
  if (family.help !== '') lines.push(`# HELP ${name} ${escape(family.help)}`);
  for (const value of family.values) {
    const sampleName = type === 'counter' ? `${name}_total` : ((value as { metricName?: string }).metricName ?? family.name);
    lines.push(`${sampleName}${labelSet(value.labels)} ${formatValue(value.value)}`);
  }
  return lines;
}

function labelSet(labels: Labels): string {
  const pairs = Object.entries(labels)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([label, value]) => `${label}="${escape(typeof value === 'number' ? formatValue(value) : value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** OpenMetrics escapes backslash, double quote and newline, in HELP text and label values alike. */
function escape(text: string): string {
  return text.replace(/[\\"\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
