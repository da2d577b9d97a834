import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ORIGIN_ANNOTATION, readOrigin } from '../../../src/kubediff/sources/origin.js';

const paths = { relativeTo: '/tmp/kubediff-kustomize-abc', shownDir: 'ldap/overlays/prod', realDir: '/repo/ldap/overlays/prod' };

function object(origin: string, other?: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { [ORIGIN_ANNOTATION]: origin, ...other } } };
}

describe('readOrigin', () => {
  test("a file, written like the kustomization folder as the user named it; kubediff's own annotation is removed", () => {
    const built = object('path: ../../repo/ldap/base/deployment.yaml\n');
    assert.equal(readOrigin(built, paths, true), 'ldap/base/deployment.yaml');
    assert.deepEqual(built.metadata, { name: 'x' });
  });

  test("the user's own annotation stays, and other annotations always do", () => {
    const own = object('path: ../../base/cm.yaml\n', { team: 'a' });
    assert.equal(readOrigin(own, { ...paths, relativeTo: paths.realDir }, false), 'ldap/base/cm.yaml');
    assert.deepEqual(Object.keys(own.metadata.annotations), [ORIGIN_ANNOTATION, 'team']);
    const mixed = object('path: ../../repo/ldap/base/cm.yaml\n', { team: 'a' });
    readOrigin(mixed, paths, true);
    assert.deepEqual(mixed.metadata.annotations, { team: 'a' });
  });

  test('a generator, a remote file, and nothing usable', () => {
    const generated = 'configuredIn: ../../repo/ldap/base/kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n';
    assert.equal(readOrigin(object(generated), paths, true), 'ldap/base/kustomization.yaml (ConfigMapGenerator)');
    assert.equal(readOrigin(object('repo: https://github.com/example/app\nref: v1\npath: deploy/app.yaml\n'), paths, true), 'https://github.com/example/app/deploy/app.yaml?ref=v1');
    assert.equal(readOrigin(object('[not: a mapping'), paths, true), undefined);
    assert.equal(readOrigin({ metadata: { name: 'plain' } }, paths, true), undefined);
  });
});
