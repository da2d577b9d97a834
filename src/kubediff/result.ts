// The checker's result as data. Everything that leaves the checker (text,
// JSON, the page, metrics) is rendered from these types, and Secret values are
// already masked in them.
import type { ImageCheckStats, ImageResult } from './images/types.js';

export type ObjectState = 'in-sync' | 'drifted' | 'missing' | 'error';

/**
 * changed: the field is in git and differs live; missing-live: in git, absent
 * live; unexpected-live: live but not in git while git owned it (it is in the
 * last-applied configuration), so applying would delete it.
 */
export type DifferenceKind = 'changed' | 'missing-live' | 'unexpected-live';

/**
 * Why a value live but not in git is drift: removed-from-git (git owned it,
 * applying removes it) or hand-edit (only interactive managers such as
 * kubectl edit or patch own it; applying would not undo it).
 */
export type LiveOnlyReason = 'removed-from-git' | 'hand-edit';

/** Who last changed a field, from managedFields: the manager other than the applier that owns the live value. */
export interface ChangedBy {
  readonly manager: string;
  /** Update or Apply. */
  readonly operation: string;
  /** RFC 3339; absent when the entry has none. */
  readonly time?: string;
  /** scale, status, ... when the change came through a subresource. */
  readonly subresource?: string;
}

export interface Difference {
  /** Readable path, e.g. `.spec.template.spec.containers[name=app].image`. */
  readonly path: string;
  readonly kind: DifferenceKind;
  /** The git value (absent for unexpected-live). Masked for Secrets. */
  readonly want?: unknown;
  /** The live value (absent for missing-live). Masked for Secrets. */
  readonly have?: unknown;
  /** On a suppressed difference: the id of the rule that hid it, e.g. `hpa-replicas`. */
  readonly rule?: string;
  /** For unexpected-live: why it is drift (absent for lists applying replaces whole). */
  readonly reason?: LiveOnlyReason;
  /** Who changed the live value, when managedFields tell. */
  readonly changedBy?: ChangedBy;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Where a manifest object came from: file path, 0-based document index
 * (messages for people count documents from 1), 1-based line. For built
 * manifests, `file` is the kustomization folder (or the folder a --render
 * command ran in), `document` counts in the tool's output, and there is no line.
 */
export interface SourceLocation {
  readonly file: string;
  readonly document: number;
  readonly line?: number;
  /** Set when a tool made the manifests (kustomize, a --render command) rather than a file holding them. */
  readonly build?: SourceBuild;
}

export interface SourceBuild {
  readonly tool: 'kustomize' | 'render';
  /** The command as run, e.g. `kubectl kustomize overlays/prod`, `helm template web .`. */
  readonly command: string;
  /** For kustomize: the file that declared the object (`base/deployment.yaml`), or the generator that made it, from kustomize's origin annotation. */
  readonly origin?: string;
}

export type CheckErrorKind =
  | 'manifest' // unreadable file, unparsable document, missing apiVersion/kind/name, duplicate
  | 'unserved' // the cluster does not serve this apiVersion/kind
  | 'forbidden' // 401/403
  | 'cluster' // unreachable, timeouts, 5xx after retries, unexpected responses
  | 'aborted' // the run was cancelled (timeout, shutdown)
  | 'config'; // a file named by a flag cannot be used (the ignore file)

export interface CheckError {
  readonly kind: CheckErrorKind;
  readonly message: string;
  readonly file?: string;
  readonly document?: number;
  readonly line?: number;
  readonly object?: ObjectRef;
  readonly status?: number;
}

/** Rollout health in Argo CD's vocabulary, read from the live object (src/kubediff/health). */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

/** With --pods: what the workload's pods say. */
export interface PodsHealth {
  /** Pods owned by the workload (through its ReplicaSets or Jobs). */
  readonly pods: number;
  readonly ready: number;
  /** Container restarts since the previous run (0 on the first run, which has nothing to compare with). */
  readonly restarts: number;
}

export interface ObjectHealth {
  readonly status: HealthStatus;
  /** One line: why, in the controllers' own words when they give them. */
  readonly reason: string;
  /** ISO 8601: when a run first saw the object in this status; prom-run remembers it across runs (absent in the one-shot CLI). */
  readonly since?: string;
  /** With --pods, for workloads. */
  readonly pods?: PodsHealth;
}

export interface ObjectResult {
  readonly ref: ObjectRef;
  readonly source: SourceLocation;
  readonly state: ObjectState;
  readonly differences: readonly Difference[];
  /** Differences hidden by a rule, each with its `rule`. */
  readonly suppressed: readonly Difference[];
  /** Set when state is 'error'. */
  readonly error?: CheckError;
  /** Unified diff of git vs live (live projected to what git owns), masked; for drifted and missing objects. */
  readonly diff?: string;
  /** managedFields entries kubediff could not read (ownership partly unknown); absent when none. */
  readonly unreadableManagedFields?: number;
  /** Some of the drift was made by hand (kubectl edit, patch, ...: an interactive field manager); absent otherwise. */
  readonly handEdited?: true;
  /** Rollout health; never changes the exit code. */
  readonly health?: ObjectHealth;
}

export interface RequestCount {
  /** get, list, watch, discovery, openapi */
  readonly verb: string;
  /** HTTP status code as a string, or `error` for a failed connection. */
  readonly result: string;
  readonly count: number;
}

export interface CheckTotals {
  readonly objects: number;
  readonly inSync: number;
  readonly drifted: number;
  readonly missing: number;
  readonly error: number;
  readonly differences: number;
  readonly suppressed: number;
  /** Suppressed differences by rule id. */
  readonly suppressedByRule: Readonly<Record<string, number>>;
  /** Drifted objects with differences made by hand (interactive field managers); computeTotals always sets it. */
  readonly handEdited?: number;
  /** Objects by health status (every status, 0 when none). */
  readonly health?: Readonly<Record<HealthStatus, number>>;
}

/** The git commit a run checked (filled in by the git-sync integration; absent when unknown). */
export interface Revision {
  readonly hash: string;
  readonly shortHash: string;
  readonly subject: string;
  readonly author: string;
  /** ISO 8601. */
  readonly committedAt: string;
  /** Web address of the commit, when prom-run's --repo-url gives the repository's. */
  readonly url?: string;
  /** Set when the checked files had uncommitted changes: what was checked is not exactly this commit. */
  readonly dirty?: true;
}

/** How the cluster's OpenAPI v3 schemas served this run. */
export interface SchemaUse {
  /** `used`: schemas were read (some group-versions may lack one); `unavailable`: none could be read, the built-in rules alone were used. */
  readonly state: 'used' | 'unavailable';
  /** Group-versions of git's objects compared with their schema. */
  readonly groupVersions: number;
  /** Documents read from the cluster in this run. */
  readonly fetched: number;
  /** Documents kept from an earlier run (same hash), not read again. */
  readonly cached: number;
  /** Group-versions of git's objects without a schema (not published, or not readable). */
  readonly missing: readonly string[];
}

export interface CheckReport {
  /** The paths as configured. */
  readonly paths: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** The kubeconfig context and API server URL used, when known. */
  readonly context?: string;
  readonly server?: string;
  readonly objects: readonly ObjectResult[];
  /** Errors not tied to one object in the cluster (bad manifests, unreachable cluster). */
  readonly errors: readonly CheckError[];
  /** Things worth saying that are not errors, e.g. a skipped kustomization.yaml. */
  readonly notices: readonly string[];
  readonly totals: CheckTotals;
  readonly requests: readonly RequestCount[];
  /** The cluster's OpenAPI v3 schemas in this run; absent when the cluster was not reached. */
  readonly schemas?: SchemaUse;
  /** With --check-images: each image as written, its registry's answer and the objects that use it. */
  readonly images?: readonly ImageResult[];
  /** With --check-images: what the image check asked and reused, requests by registry. */
  readonly imageStats?: ImageCheckStats;
  readonly revision?: Revision;
  /** 0 in sync, 2 drift, 1 any error (even with drift). */
  readonly exitCode: 0 | 1 | 2;
}
