// Which exposition format a scraper gets: OpenMetrics when its Accept header
// prefers it (Prometheus asks for it first by default), the Prometheus text
// format otherwise, as client_golang's promhttp negotiates. Protocol buffers
// are not served: a scraper that asks for them first gets its next choice.
import type { Registry } from 'prom-client';
import { OPENMETRICS_CONTENT_TYPE, renderOpenMetrics } from './openmetrics.js';

export type ExpositionFormat = 'openmetrics' | 'text';

export interface Exposition {
  readonly contentType: string;
  readonly body: string;
}

interface MediaRange {
  readonly type: string;
  readonly version: string | undefined;
  readonly q: number;
}

// OpenMetrics 0.0.1 and 1.0.0 differ in nothing we write.
const OPENMETRICS_VERSIONS = new Set([undefined, '1.0.0', '0.0.1']);

export function negotiateExposition(accept: string | undefined): ExpositionFormat {
  const ranges = parseAccept(accept ?? '')
    .filter((range) => range.q > 0)
    // Highest q first; the sort is stable, so equal q keep the header's order.
    .sort((a, b) => b.q - a.q);
  for (const range of ranges) {
    if (range.type === 'application/openmetrics-text' && OPENMETRICS_VERSIONS.has(range.version)) return 'openmetrics';
    if (range.type === 'text/plain' && (range.version === undefined || range.version === '0.0.4')) return 'text';
  }
  return 'text';
}

export async function renderExposition(registry: Registry, format: ExpositionFormat): Promise<Exposition> {
  if (format === 'openmetrics') return { contentType: OPENMETRICS_CONTENT_TYPE, body: await renderOpenMetrics(registry) };
  return { contentType: registry.contentType, body: await registry.metrics() };
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [mediaType = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (mediaType === '') continue;
    let q = 1;
    let version: string | undefined;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq === -1) continue;
      const key = param.slice(0, eq).trim().toLowerCase();
      const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key === 'q') q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
      else if (key === 'version') version = value;
    }
    ranges.push({ type: mediaType.toLowerCase(), version, q });
  }
  return ranges;
}
