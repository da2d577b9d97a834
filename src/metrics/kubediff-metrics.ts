// The built-in checker's metrics, on the registry the runner creates. They
// describe the last check: objects by state, differences, suppressed
// differences by rule, errors by kind, API requests, and one series per
// object that is not in sync (removed once it is back in sync), capped so a
// cluster-wide drift cannot blow up Prometheus. Label names avoid the ones
// Prometheus's Kubernetes discovery adds (`namespace`, `kind`, ...).
import { Counter, Gauge, type Metric, type Registry } from 'prom-client';
import type { CheckErrorKind, CheckReport, ObjectResult, ObjectState } from '../kubediff/result.js';
import type { RunObserver } from '../runner/scheduler.js';
import { escapeControl } from '../text/control-characters.js';

export interface KubediffMetricsOptions {
  readonly registry: Registry;
  /** Most per-object series exported; the rest are counted in kubediff_object_series_dropped. */
  readonly maxObjectSeries: number;
}

export interface KubediffMetrics {
  /** Updates every kubediff metric from a finished check (not for skipped or timed-out runs). */
  observeReport(report: CheckReport): void;
}

export const DEFAULT_MAX_OBJECT_SERIES = 1000;

const STATES: readonly ObjectState[] = ['in-sync', 'drifted', 'missing', 'error'];
const ERROR_KINDS: readonly CheckErrorKind[] = ['manifest', 'unserved', 'forbidden', 'cluster', 'aborted', 'config'];
const OBJECT_LABELS = ['object_kind', 'object_namespace', 'object_name', 'state'] as const;
type ObjectLabels = Record<(typeof OBJECT_LABELS)[number], string>;

/** Errors first, then missing, then drifted; then by kind, namespace and name, so the capped set is stable. */
const PRIORITY: Record<ObjectState, number> = { error: 0, missing: 1, drifted: 2, 'in-sync': 3 };
function byPriority(a: ObjectResult, b: ObjectResult): number {
  return (
    PRIORITY[a.state] - PRIORITY[b.state] ||
    a.ref.kind.localeCompare(b.ref.kind) ||
    (a.ref.namespace ?? '').localeCompare(b.ref.namespace ?? '') ||
    a.ref.name.localeCompare(b.ref.name)
  );
}

function seriesKey(labels: ObjectLabels): string {
  return JSON.stringify(OBJECT_LABELS.map((name) => labels[name]));
}

export function createKubediffMetrics({ registry, maxObjectSeries }: KubediffMetricsOptions): KubediffMetrics {
  const objects = new Gauge({ name: 'kubediff_objects', help: 'Objects in the last check by state (in-sync, drifted, missing, error).', labelNames: ['state'], registers: [] });
  const differences = new Gauge({ name: 'kubediff_differences', help: 'Field differences found in the last check (drift).', registers: [] });
  const handEdited = new Gauge({ name: 'kubediff_hand_edited_objects', help: 'Drifted objects in the last check with differences made by hand (kubectl edit, patch, set, scale, ...: interactive field managers in managedFields).', registers: [] });
  const suppressed = new Gauge({ name: 'kubediff_suppressed_differences', help: 'Differences hidden in the last check, by the rule that hid them (not drift).', labelNames: ['rule'], registers: [] });
  const errors = new Gauge({ name: 'kubediff_errors', help: 'Errors in the last check by kind (manifest, unserved, forbidden, cluster, aborted, config), run-level and per object.', labelNames: ['kind'], registers: [] });
  const requests = new Counter({ name: 'kubediff_api_requests_total', help: 'Kubernetes API requests made by the checker, by verb and result (HTTP status or error).', labelNames: ['verb', 'result'], registers: [] });
  const schemaDocuments = new Gauge({ name: 'kubediff_openapi_documents', help: 'OpenAPI v3 schema documents the last check used, by source: fetched from the cluster, or cached from an earlier run because their hash did not change.', labelNames: ['source'], registers: [] });
  const perObject = new Gauge({ name: 'kubediff_object_out_of_sync', help: '1 for each object not in sync in the last check, by kind, namespace, name and state; absent when in sync.', labelNames: OBJECT_LABELS, registers: [] });
  const dropped = new Gauge({ name: 'kubediff_object_series_dropped', help: 'Objects not in sync in the last check left out of kubediff_object_out_of_sync by --max-object-series.', registers: [] });

  let registered = false;
  let exported = new Map<string, ObjectLabels>();
  const knownRules = new Set<string>();

  function register(): void {
    if (registered) return;
    const all: Metric[] = [objects, differences, handEdited, suppressed, errors, requests, schemaDocuments, perObject, dropped];
    for (const metric of all) registry.registerMetric(metric);
    registered = true;
  }

  function updateObjectSeries(report: CheckReport): void {
    const outOfSync = report.objects.filter((o) => o.state !== 'in-sync').sort(byPriority);
    const kept = outOfSync.slice(0, Math.max(0, maxObjectSeries));
    const next = new Map<string, ObjectLabels>();
    for (const { ref, state } of kept) {
      // curl /metrics on a terminal: a name's control characters are shown as escapes (only RBAC and custom kinds can hold them).
      const labels = { object_kind: escapeControl(ref.kind), object_namespace: escapeControl(ref.namespace ?? ''), object_name: escapeControl(ref.name), state };
      next.set(seriesKey(labels), labels);
    }
    for (const [key, labels] of exported) if (!next.has(key)) perObject.remove(labels);
    for (const labels of next.values()) perObject.set(labels, 1);
    exported = next;
    dropped.set(outOfSync.length - kept.length);
  }

  return {
    observeReport(report) {
      register();
      const { totals } = report;
      const byState: Record<ObjectState, number> = { 'in-sync': totals.inSync, drifted: totals.drifted, missing: totals.missing, error: totals.error };
      for (const state of STATES) objects.set({ state }, byState[state]);
      differences.set(totals.differences);
      handEdited.set(totals.handEdited ?? 0);

      // Rules seen before stay at 0 rather than vanish, so rates and graphs stay continuous.
      for (const rule of Object.keys(totals.suppressedByRule)) knownRules.add(rule);
      for (const rule of knownRules) suppressed.set({ rule }, totals.suppressedByRule[rule] ?? 0);

      const errorCounts = new Map<string, number>(ERROR_KINDS.map((kind) => [kind, 0]));
      for (const e of report.errors) errorCounts.set(e.kind, (errorCounts.get(e.kind) ?? 0) + 1);
      for (const o of report.objects) if (o.error) errorCounts.set(o.error.kind, (errorCounts.get(o.error.kind) ?? 0) + 1);
      for (const [kind, count] of errorCounts) errors.set({ kind }, count);

      for (const r of report.requests) requests.inc({ verb: r.verb, result: r.result }, r.count);
      if (report.schemas) {
        schemaDocuments.set({ source: 'fetched' }, report.schemas.fetched);
        schemaDocuments.set({ source: 'cached' }, report.schemas.cached);
      }
      // A check that failed as a whole (cluster unreachable, no manifests readable) says nothing
      // about any object: their series stay as they were rather than claim "back in sync".
      const failedWhole = report.objects.length === 0 && report.errors.length > 0;
      if (!failedWhole) updateObjectSeries(report);
    },
  };
}

/** The scheduler hook: a finished check updates the metrics; skipped and interrupted runs leave them as they were. */
export function kubediffRunObserver(metrics: KubediffMetrics): RunObserver {
  return {
    runFinished(record) {
      if (record.check && record.result !== 'skipped' && !record.timedOut) metrics.observeReport(record.check);
    },
  };
}
