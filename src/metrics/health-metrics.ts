// Rollout health as metrics, from the last check: objects by health status
// (every status, 0 when none), one series per object that is not Healthy
// (removed once it is, capped like the drift series), and with --pods the
// restarts of each workload's pods counted across runs. None of them is
// command_exit_code: health never changes it.
import { Counter, Gauge, type Metric } from 'prom-client';
import { HEALTH_STATUSES } from '../kubediff/health/index.js';
import type { CheckReport, HealthStatus, ObjectResult } from '../kubediff/result.js';
import type { KubediffMetrics, KubediffMetricsOptions } from './kubediff-metrics.js';
import { escapeControl } from '../text/control-characters.js';

const OBJECT_LABELS = ['object_kind', 'object_namespace', 'object_name'] as const;
type ObjectLabels = Record<(typeof OBJECT_LABELS)[number], string>;
type HealthLabels = ObjectLabels & { status: string };

const RANK = new Map<HealthStatus, number>(HEALTH_STATUSES.map((status, i) => [status, i]));

/** Escaped as the drift series are: /metrics is read on terminals too. */
function labelsOf(result: ObjectResult): ObjectLabels {
  return { object_kind: escapeControl(result.ref.kind), object_namespace: escapeControl(result.ref.namespace ?? ''), object_name: escapeControl(result.ref.name) };
}

function byName(a: ObjectResult, b: ObjectResult): number {
  return a.ref.kind.localeCompare(b.ref.kind) || (a.ref.namespace ?? '').localeCompare(b.ref.namespace ?? '') || a.ref.name.localeCompare(b.ref.name);
}

/** Exports what it was given last and removes what it was not given again. */
class SeriesSet<L extends object> {
  private exported = new Map<string, L>();

  constructor(private readonly remove: (labels: L) => void) {}

  replace(next: ReadonlyMap<string, L>): void {
    for (const [key, labels] of this.exported) if (!next.has(key)) this.remove(labels);
    this.exported = new Map(next);
  }

  has(key: string): boolean {
    return this.exported.has(key);
  }
}

export function createHealthMetrics({ registry, maxObjectSeries }: KubediffMetricsOptions): KubediffMetrics {
  const objects = new Gauge({ name: 'kubediff_objects_health', help: 'Objects in the last check by rollout health (Healthy, Progressing, Degraded, Suspended, Missing, Unknown).', labelNames: ['status'], registers: [] });
  const perObject = new Gauge({ name: 'kubediff_object_health', help: '1 for each object whose rollout health is not Healthy in the last check, by kind, namespace, name and status; absent when Healthy.', labelNames: [...OBJECT_LABELS, 'status'], registers: [] });
  const dropped = new Gauge({ name: 'kubediff_object_health_series_dropped', help: 'Objects not Healthy in the last check left out of kubediff_object_health by --max-object-series.', registers: [] });
  const restarts = new Counter({ name: 'kubediff_pod_restarts_total', help: "With --pods: container restarts of each workload's pods, counted from one check to the next.", labelNames: OBJECT_LABELS, registers: [] });
  const healthSeries = new SeriesSet<HealthLabels>((labels) => perObject.remove(labels));
  const restartSeries = new SeriesSet<ObjectLabels>((labels) => restarts.remove(labels));
  let registered = false;
  let restartsRegistered = false;

  function register(): void {
    if (registered) return;
    const all: Metric[] = [objects, perObject, dropped];
    for (const metric of all) registry.registerMetric(metric);
    registered = true;
  }

  function updateHealthSeries(report: CheckReport): void {
    const notHealthy = report.objects
      .filter((o) => o.health && o.health.status !== 'Healthy')
      .sort((a, b) => (RANK.get(a.health!.status) ?? 0) - (RANK.get(b.health!.status) ?? 0) || byName(a, b));
    const kept = notHealthy.slice(0, Math.max(0, maxObjectSeries));
    const next = new Map<string, HealthLabels>();
    for (const result of kept) {
      const labels = { ...labelsOf(result), status: result.health!.status };
      next.set(JSON.stringify(labels), labels);
    }
    healthSeries.replace(next);
    for (const labels of next.values()) perObject.set(labels, 1);
    dropped.set(notHealthy.length - kept.length);
  }

  function updateRestarts(report: CheckReport): void {
    // Workloads whose pods were looked at; those with restarts first when the cap bites.
    const workloads = report.objects.filter((o) => o.health?.pods).sort((a, b) => b.health!.pods!.restarts - a.health!.pods!.restarts || byName(a, b));
    // Only kubediff --pods looks at pods: without it, the family is not exported at all.
    if (workloads.length > 0 && !restartsRegistered) {
      registry.registerMetric(restarts);
      restartsRegistered = true;
    }
    const next = new Map<string, ObjectLabels>();
    for (const result of workloads.slice(0, Math.max(0, maxObjectSeries))) {
      const labels = labelsOf(result);
      const key = JSON.stringify(labels);
      // A new series starts at 0 so that the first increase shows as one.
      if (!restartSeries.has(key)) restarts.inc(labels, 0);
      else restarts.inc(labels, result.health!.pods!.restarts);
      next.set(key, labels);
    }
    restartSeries.replace(next);
  }

  return {
    observeReport(report) {
      // A check that failed as a whole says nothing about any object: keep what was exported.
      if (report.objects.length === 0 && report.errors.length > 0) return;
      register();
      const counts = report.totals.health;
      for (const status of HEALTH_STATUSES) objects.set({ status }, counts?.[status] ?? 0);
      updateHealthSeries(report);
      updateRestarts(report);
    },
  };
}
