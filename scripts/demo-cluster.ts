// The demo's cluster: the emulated API server with examples/ applied as
// `kubectl apply` would (last-applied annotation, a Secret's stringData
// turned into data, server defaults), then drifted the way people drift
// clusters. Used by `npm run demo`, the end-to-end and the browser tests.
import { fileURLToPath } from 'node:url';
import { loadObjectFiles, startApiServer, type ApiServer, type KubeObject } from '../test/support/apiserver/index.js';

export const EXAMPLES_DIR = fileURLToPath(new URL('../examples/', import.meta.url));
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = Record<string, unknown>;
const isMap = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys sorted at every level, as Go's encoding/json writes kubectl's annotation. */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedJson(value[key])]));
}

/** What `kubectl apply` sends: the manifest plus its own JSON in the last-applied annotation. */
export function withLastApplied(manifest: KubeObject): KubeObject {
  const metadata = isMap(manifest.metadata) ? manifest.metadata : {};
  const annotations = isMap(metadata.annotations) ? { ...metadata.annotations } : {};
  delete annotations[LAST_APPLIED];
  const recorded = { ...manifest, metadata: { ...metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) } };
  if (Object.keys(annotations).length === 0) delete (recorded.metadata as Json).annotations;
  return {
    ...manifest,
    metadata: { ...metadata, annotations: { ...annotations, [LAST_APPLIED]: `${JSON.stringify(sortedJson(recorded))}\n` } },
  };
}

/** The API server folds a Secret's stringData into base64 data and never stores stringData. */
function foldStringData(obj: KubeObject): KubeObject {
  if (obj.kind !== 'Secret' || !isMap(obj.stringData)) return obj;
  const { stringData, ...rest } = obj;
  const data: Json = isMap(rest.data) ? { ...rest.data } : {};
  for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value)).toString('base64');
  return { ...rest, data };
}

/** Applies every manifest under the paths, in file order; returns how many objects. */
export async function applyManifests(server: ApiServer, paths: string[]): Promise<number> {
  const manifests = await loadObjectFiles(paths);
  for (const manifest of manifests) server.apply(foldStringData(withLastApplied(manifest)), { manager: 'kubectl-client-side-apply' });
  return manifests.length;
}

/** A change as the field manager `manager` makes it (recorded in managedFields, as kubectl's commands are). */
function edit(server: ApiServer, apiVersion: string, kind: string, name: string, namespace: string, manager: Parameters<ApiServer['apply']>[1], change: (obj: Json) => void): void {
  const obj = server.getObject(apiVersion, kind, name, namespace);
  if (!obj) throw new Error(`demo: ${kind} ${namespace}/${name} is not in the cluster`);
  change(obj);
  server.apply(obj, manager);
}

function firstContainer(deployment: Json): Json {
  const containers = (((deployment.spec as Json).template as Json).spec as Json).containers as Json[];
  return containers[0] as Json;
}

/** What happened in the demo shop since the last deploy. */
export function introduceDrift(server: ApiServer): void {
  // `kubectl scale deployment api --replicas=5` during an incident, never reverted: drift.
  edit(server, 'apps/v1', 'Deployment', 'api', 'shop', { manager: 'kubectl', subresource: 'scale' }, (d) => ((d.spec as Json).replicas = 5));
  // The autoscaler scaled web: not drift (the HPA owns web's replicas).
  edit(server, 'apps/v1', 'Deployment', 'web', 'shop', { manager: 'kube-controller-manager', subresource: 'scale' }, (d) => ((d.spec as Json).replicas = 4));
  // A hand-edited image (`kubectl set image`): drift. It crash-loops, so the rollout is stuck too.
  server.controllers.images.set('ghcr.io/example/shop-web:1.4.2-hotfix', 'crash-loop');
  edit(server, 'apps/v1', 'Deployment', 'web', 'shop', { manager: 'kubectl-set' }, (d) => (firstContainer(d).image = 'ghcr.io/example/shop-web:1.4.2-hotfix'));
  // The ConfigMap was deleted: missing.
  server.deleteObject('v1', 'ConfigMap', 'shop-settings', 'shop');
}

export interface DemoClusterOptions {
  readonly manifests?: string[];
  readonly drift?: boolean;
  readonly port?: number;
  /** How often the emulated controllers move on in time (progress deadlines, restarts); default 1 s. */
  readonly controllerResyncMs?: number;
}

/** The emulated API server with the examples applied and (by default) drifted. */
export async function startDemoCluster(options: DemoClusterOptions = {}): Promise<ApiServer> {
  const server = await startApiServer({ port: options.port ?? 0, controllerResyncMs: options.controllerResyncMs ?? 1000 });
  try {
    await applyManifests(server, options.manifests ?? [EXAMPLES_DIR]);
    if (options.drift !== false) introduceDrift(server);
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}
