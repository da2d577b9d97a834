// Exec credentials kept between runs until they expire, so that prom-run does
// not run `aws eks get-token` or `gke-gcloud-auth-plugin` every period. Only
// credentials with an expirationTimestamp are kept (without one, each run
// asks again), at most MAX_ENTRIES of them, and one the API server refused
// (401) is forgotten. Owned by whoever runs checks repeatedly and passed in.
import type { ExecCredential } from './exec-credential.js';
import type { ExecConfig, KubeCluster, KubeUser } from './kubeconfig-file.js';

/** Re-run the plugin when its credential has less than this left: a run must not outlive its token. */
export const EXPIRY_MARGIN_MS = 30_000;
const MAX_ENTRIES = 16;

export class ExecCredentialCache {
  private readonly entries = new Map<string, ExecCredential & { readonly expiresAt: number }>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** A credential for this key that is still good, else undefined. */
  get(key: string): ExecCredential | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt - EXPIRY_MARGIN_MS > this.clock()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, credential: ExecCredential): void {
    if (credential.expiresAt === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, { ...credential, expiresAt: credential.expiresAt });
    // Oldest first in a Map: drop from the front.
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

/** What makes two plugin runs give the same credential: the user, the plugin and (with provideClusterInfo) the cluster. */
export function execCacheKey(user: KubeUser, exec: ExecConfig, cluster: KubeCluster): string {
  return JSON.stringify([user.name, exec.command, exec.args, exec.env, exec.apiVersion ?? '', exec.provideClusterInfo ? cluster.server : '']);
}
