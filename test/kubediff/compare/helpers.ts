// Small builders for compare tests: objects as in git, and as kubectl apply leaves them live.

import type { CompareContext } from '../../../src/kubediff/compare/compare.js';

export type Obj = Record<string, unknown>;
export const noHpa: CompareContext = { hpaTargeted: false };

/** A live object as kubectl apply leaves it: the manifest plus its last-applied annotation. */
export function applied(manifest: Obj, live: Obj = manifest): Obj {
  const metadata = (live.metadata ?? {}) as Obj;
  const annotations = (metadata.annotations ?? {}) as Obj;
  return {
    ...live,
    metadata: {
      ...metadata,
      uid: 'a1b2',
      resourceVersion: '42',
      annotations: { ...annotations, 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(manifest) },
    },
  };
}

export function deployment(container: Obj, spec: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'nginx:1.25', ...container }] } }, ...spec },
  };
}

export const paths = (result: { differences: readonly { path: string }[] }): string[] => result.differences.map((d) => d.path);
