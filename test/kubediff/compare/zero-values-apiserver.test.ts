// The zero-value rule against what the emulated API server returns: a pointer
// field's false is kept live, so removing it by hand (as `kubectl edit` does)
// is drift; a plain field's false is in sync whether the server keeps it (the
// emulated server does) or drops it (a real one does: Go omitempty).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compareObject } from '../../../src/kubediff/compare/compare.js';
import { startApiServer, withLastApplied, type ApiServer, type KubeObject } from '../../support/apiserver/index.js';
import { noHpa, type Obj } from './helpers.js';

const manifest: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        hostNetwork: false,
        containers: [{ name: 'app', image: 'nginx:1.25', securityContext: { allowPrivilegeEscalation: false } }],
      },
    },
  },
};

const podSpecOf = (obj: Obj): Obj => ((obj.spec as Obj).template as Obj).spec as Obj;
const containerOf = (obj: Obj): Obj => (podSpecOf(obj).containers as Obj[])[0] as Obj;

describe('zero values through the emulated API server', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer();
  });
  after(async () => {
    await server.close();
  });

  const getLive = (): Obj => {
    const live = server.getObject('apps/v1', 'Deployment', 'web', 'prod');
    assert.ok(live, 'the Deployment is stored');
    return structuredClone(live);
  };

  test('allowPrivilegeEscalation: false is kept live, and the applied object is in sync', () => {
    // Clones: the emulated server stores what it is given (nested objects and all).
    server.apply(withLastApplied(structuredClone(manifest)));
    const live = getLive();
    assert.deepEqual(containerOf(live).securityContext, { allowPrivilegeEscalation: false });
    const result = compareObject(manifest, live, noHpa);
    assert.deepEqual(result.differences, []);
    assert.equal(result.diff, '');

    // A real server drops hostNetwork: false (a plain omitempty bool); the emulated one may keep it.
    const { hostNetwork: _dropped, ...realPodSpec } = podSpecOf(live);
    const asReal = { ...live, spec: { ...(live.spec as Obj), template: { ...((live.spec as Obj).template as Obj), spec: realPodSpec } } };
    const real = compareObject(manifest, asReal, noHpa);
    assert.deepEqual(real.differences, []);
    assert.deepEqual(real.suppressed.map((s) => `${s.path} ${s.rule}`), ['.spec.template.spec.hostNetwork zero-value']);
  });

  test('allowPrivilegeEscalation removed live (kubectl edit) is drift', () => {
    const live = structuredClone(getLive());
    containerOf(live).securityContext = {};
    server.apply(live);
    const edited = getLive();
    assert.equal(Object.hasOwn((containerOf(edited).securityContext ?? {}) as Obj, 'allowPrivilegeEscalation'), false);
    const result = compareObject(manifest, edited, noHpa);
    assert.deepEqual(result.differences, [
      { path: '.spec.template.spec.containers[name=app].securityContext.allowPrivilegeEscalation', kind: 'missing-live', want: false },
    ]);
  });
});
