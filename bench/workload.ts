// A synthetic config repository for the benchmark: `size` objects of several
// kinds spread over 20 namespaces, as the manifests a team would keep in git.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const NAMESPACES = 20;

type Json = Record<string, unknown>;

// Kinds in rotation: each tenth object is of the kind at that position.
const ROTATION = ['ConfigMap', 'ConfigMap', 'ConfigMap', 'Deployment', 'Deployment', 'Service', 'Service', 'Secret', 'ServiceAccount', 'ServiceAccount'] as const;

export function namespaceName(i: number): string {
  return `bench-${String(i).padStart(2, '0')}`;
}

/** The namespaces themselves (not counted in `size`) and `size` namespaced objects. */
export function generateWorkload(size: number): { namespaces: Json[]; objects: Json[] } {
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespaceName(i) } }));
  const objects: Json[] = [];
  for (let i = 0; i < size; i++) {
    const namespace = namespaceName(i % NAMESPACES);
    const kind = ROTATION[Math.floor(i / NAMESPACES) % ROTATION.length]!;
    objects.push(makeObject(kind, `${kind.toLowerCase()}-${i}`, namespace, i));
  }
  return { namespaces, objects };
}

function makeObject(kind: (typeof ROTATION)[number], name: string, namespace: string, i: number): Json {
  const metadata = { name, namespace, labels: { app: `app-${i % 50}`, team: `team-${i % 7}` } };
  switch (kind) {
    case 'ConfigMap':
      return { apiVersion: 'v1', kind, metadata, data: { 'settings.yaml': `replicas: ${i % 5}\nlevel: info\n`, mode: 'production' } };
    case 'Secret':
      return { apiVersion: 'v1', kind, metadata, type: 'Opaque', stringData: { password: `bench-secret-${i}` } };
    case 'ServiceAccount':
      return { apiVersion: 'v1', kind, metadata };
    case 'Service':
      return { apiVersion: 'v1', kind, metadata, spec: { selector: { app: `app-${i % 50}` }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
    case 'Deployment':
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: `registry.example.com/app:${i % 10}.0`,
                  ports: [{ containerPort: 8080 }],
                  env: [{ name: 'MODE', value: 'production' }],
                  resources: { requests: { cpu: '100m', memory: '128Mi' } },
                },
              ],
            },
          },
        },
      };
  }
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** One object in DRIFT_EVERY has a changed live value (a Deployment's image or a ConfigMap's data). */
export const DRIFT_EVERY = 100;

/**
 * The live object as `kubectl apply` of the manifest leaves it (with the
 * last-applied annotation), drifted for one object in DRIFT_EVERY.
 */
export function liveObject(manifest: Json, index: number): Json {
  const live = structuredClone(manifest) as Json & { metadata: Json };
  live.metadata.annotations = { [LAST_APPLIED]: JSON.stringify(manifest) };
  if (index % DRIFT_EVERY === DRIFT_EVERY - 1) {
    if (live.kind === 'Deployment') {
      const container = ((live.spec as Json).template as { spec: { containers: Json[] } }).spec.containers[0]!;
      container.image = 'registry.example.com/app:hotfix';
    } else if (live.kind === 'ConfigMap') {
      (live.data as Json).mode = 'debug';
    } else {
      (live.metadata.labels as Json).team = 'edited-by-hand';
    }
  }
  return live;
}

/** Writes one multi-document YAML file per namespace and kind, like a repository laid out by team. */
export function writeManifests(dir: string, objects: readonly Json[]): void {
  const files = new Map<string, Json[]>();
  for (const obj of objects) {
    const meta = obj.metadata as { namespace: string };
    const file = join(meta.namespace, `${String(obj.kind).toLowerCase()}s.yaml`);
    const list = files.get(file);
    if (list) list.push(obj);
    else files.set(file, [obj]);
  }
  for (const [file, docs] of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), docs.map((d) => stringify(d)).join('---\n'));
  }
}
