// The image check's metrics (with --check-images), on the runner's registry:
// one kubediff_image_availability{image, status} series per image at 1 for
// its current status (the series of an old status is removed), bounded like
// the object series with the images that are not available kept first;
// images by status; checks and HTTP requests per registry, the registry
// label capped so that hostile manifests naming thousands of registries
// cannot blow up Prometheus. Nothing here is registered before the first
// report that has images.
import { Counter, Gauge, type Metric, type Registry } from 'prom-client';
import { IMAGE_STATUSES, type ImageResult } from '../kubediff/images/types.js';
import type { CheckReport } from '../kubediff/result.js';
import { escapeControl } from '../text/control-characters.js';
import type { KubediffMetrics } from './kubediff-metrics.js';

export interface ImageMetricsOptions {
  readonly registry: Registry;
  /** Most kubediff_image_availability series; the rest are counted in kubediff_image_series_dropped. */
  readonly maxImageSeries: number;
}

/** Distinct `registry` label values; others are exported as `other`. */
export const MAX_REGISTRY_LABELS = 50;

export function createImageMetrics({ registry, maxImageSeries }: ImageMetricsOptions): KubediffMetrics {
  const availability = new Gauge({ name: 'kubediff_image_availability', help: "1 for each image git declares (as written) and its registry's answer in the last check: available, absent, authentication-failure, authorization-failure, registry-unavailable, bad-image-name or unknown-error.", labelNames: ['image', 'status'], registers: [] });
  const byStatus = new Gauge({ name: 'kubediff_images', help: 'Images in the last check by status.', labelNames: ['status'], registers: [] });
  const dropped = new Gauge({ name: 'kubediff_image_series_dropped', help: 'Images left out of kubediff_image_availability by --max-object-series (available ones first).', registers: [] });
  const checks = new Counter({ name: 'kubediff_image_checks_total', help: 'Images asked of their registry (not answered from the cache), by registry and result (the status).', labelNames: ['registry', 'result'], registers: [] });
  const requests = new Counter({ name: 'kubediff_registry_requests_total', help: 'HTTP requests to registries and their token services, by registry, kind (manifest, token) and result (HTTP status or error).', labelNames: ['registry', 'kind', 'result'], registers: [] });

  let registered = false;
  let exported = new Map<string, { image: string; status: string }>();
  const registries = new Set<string>();
  const registryLabel = (name: string): string => {
    if (registries.has(name)) return name;
    if (registries.size >= MAX_REGISTRY_LABELS) return 'other';
    registries.add(name);
    return name;
  };

  function updateSeries(images: readonly ImageResult[]): void {
    const ordered = [...images].sort((a, b) => Number(a.status === 'available') - Number(b.status === 'available') || a.image.localeCompare(b.image));
    const kept = ordered.slice(0, Math.max(0, maxImageSeries));
    // The image as written may hold control characters (a bad name is kept too): escaped, as the object series' names are.
    const next = new Map(kept.map((i) => [JSON.stringify([escapeControl(i.image), i.status]), { image: escapeControl(i.image), status: i.status }]));
    for (const [key, labels] of exported) if (!next.has(key)) availability.remove(labels);
    for (const labels of next.values()) availability.set(labels, 1);
    exported = next;
    dropped.set(images.length - kept.length);
  }

  return {
    observeReport(report: CheckReport) {
      if (!report.images) return;
      if (!registered) {
        const all: Metric[] = [availability, byStatus, dropped, checks, requests];
        for (const metric of all) registry.registerMetric(metric);
        registered = true;
      }
      updateSeries(report.images);
      for (const status of IMAGE_STATUSES) byStatus.set({ status }, report.images.filter((i) => i.status === status).length);
      for (const image of report.images) {
        if (!image.cached && image.registry !== undefined && image.checkedAt !== undefined) checks.inc({ registry: registryLabel(image.registry), result: image.status });
      }
      for (const r of report.imageStats?.byRegistry ?? []) requests.inc({ registry: registryLabel(r.registry), kind: r.kind, result: r.result }, r.count);
    },
  };
}
