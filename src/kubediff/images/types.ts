// Image availability as data: what `--check-images` adds to a CheckReport.
// Statuses use k8s-image-availability-exporter's vocabulary, so dashboards
// and alerts read the same words.
import type { ObjectRef } from '../result.js';

export type ImageStatus =
  | 'available' // the registry has the manifest
  | 'absent' // 404: no such repository or tag (MANIFEST_UNKNOWN, NAME_UNKNOWN)
  | 'authentication-failure' // 401: no credentials, or the registry refused them
  | 'authorization-failure' // 403, or authenticated without pull access (insufficient_scope)
  | 'registry-unavailable' // 5xx, 429 past our patience, refused, timeout, DNS, TLS
  | 'bad-image-name' // not a reference a container runtime would pull
  | 'unknown-error'; // anything else (an unexpected answer, budget reached before a first check)

export const IMAGE_STATUSES: readonly ImageStatus[] = [
  'available', 'absent', 'authentication-failure', 'authorization-failure', 'registry-unavailable', 'bad-image-name', 'unknown-error',
];

/** Which manifests an image was found in: git's, or the live object's (with `--check-images=live`). */
export type ImageSource = 'git' | 'live';

export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';

/** One container that uses an image. */
export interface ImageUse {
  readonly object: ObjectRef;
  readonly container: string;
  readonly field: ContainerField;
  /** git, live or both (git first). */
  readonly in: readonly ImageSource[];
}

export interface ImageResult {
  /** The image as written in the manifests (what a kubelet would be given). */
  readonly image: string;
  /** The normalized reference asked of the registry, e.g. docker.io/library/nginx:1.27; absent for a bad name. */
  readonly reference?: string;
  /** Its registry as written (normalized), e.g. docker.io, ghcr.io, localhost:5000; absent for a bad name. */
  readonly registry?: string;
  readonly status: ImageStatus;
  /** Why, for every status but available: e.g. `HTTP 404 from localhost:5000`, `the repository name must be lowercase`. */
  readonly message?: string;
  /** The manifest digest the registry answered with (Docker-Content-Digest), when it gave one. */
  readonly digest?: string;
  /** When the registry last answered for this image (ISO 8601); absent for a bad name. */
  readonly checkedAt?: string;
  /** true when this run reused an earlier answer instead of asking (see --image-recheck). */
  readonly cached: boolean;
  readonly objects: readonly ImageUse[];
}

/** Requests made to registries in a run, by registry, kind and result (HTTP status or `error`). */
export interface RegistryRequestCount {
  readonly registry: string;
  /** manifest (HEAD) or token */
  readonly kind: 'manifest' | 'token';
  readonly result: string;
  readonly count: number;
}

export interface ImageCheckStats {
  /** Distinct images (as written) found. */
  readonly images: number;
  /** Images whose registry was asked this run. */
  readonly checked: number;
  /** Images answered from earlier runs. */
  readonly cached: number;
  /** HTTP requests made (manifests and tokens). */
  readonly requests: number;
  /** The request budget of the run (--image-requests). */
  readonly budget: number;
  readonly byRegistry: readonly RegistryRequestCount[];
}
