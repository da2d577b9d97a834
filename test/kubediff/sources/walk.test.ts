// Which sources a walk finds, and the parent-folder rule, on real folders.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findSources, type FoundSource } from '../../../src/kubediff/sources/walk.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function shape(root: string, sources: readonly FoundSource[]): string[] {
  return sources.map((source) => (source.kind === 'file' ? `file ${source.path.slice(root.length + 1)}` : `kustomization ${source.dir.slice(root.length + 1) || '.'}`));
}

describe('findSources', () => {
  let tmp: TempDir;
  before(async () => {
    tmp = await makeTempDir('kubediff-walk-');
  });
  after(() => tmp.remove());

  test('ldap/ with base and two overlays: the overlays are built, the base is left to them', async () => {
    const root = join(await tmp.write({
      'ldap/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
      'ldap/base/deployment.yaml': CM('ldap'),
      'ldap/overlays/staging/kustomization.yaml': 'resources: [../../base]\nnamePrefix: staging-\n',
      'ldap/overlays/production/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: patches/replicas.yaml\n',
      'ldap/overlays/production/patches/replicas.yaml': CM('ldap'),
      'ldap/README.yaml': CM('readme'),
    }), 'ldap');
    const found = await findSources([root]);
    assert.deepEqual(found.errors, []);
    assert.deepEqual(shape(root, found.sources), ['file README.yaml', 'kustomization overlays/production', 'kustomization overlays/staging']);
    assert.deepEqual(found.notices, [`left ${root}/base to the kustomizations that use it (${root}/overlays/production, ${root}/overlays/staging): it is not checked on its own`]);
  });

  test('a base at the top with overlays below it: the overlays only; plain files inside a kustomization belong to it', async () => {
    const root = join(await tmp.write({
      'top/app/kustomization.yaml': 'resources: [app.yaml]\n',
      'top/app/app.yaml': CM('app'),
      'top/app/docs/example.yaml': CM('example'),
      'top/app/overlays/dev/kustomization.yaml': 'resources: [../..]\nnamespace: dev\n',
    }), 'top');
    const found = await findSources([root]);
    assert.deepEqual(shape(root, found.sources), ['kustomization app/overlays/dev']);
    assert.equal(found.notices.length, 1);
  });

  test('transitively: a base used through another base, components, and a plain file a kustomization uses are all left out', async () => {
    const root = join(await tmp.write({
      'repo/common/kustomization.yaml': 'resources: [ns.yaml]\n',
      'repo/common/ns.yaml': CM('ns'),
      'repo/base/kustomization.yaml': 'resources: [../common, ../shared/quota.yaml]\n',
      'repo/shared/quota.yaml': CM('quota'),
      'repo/shared/other.yaml': CM('other'),
      'repo/components/metrics/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      'repo/components/unused/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      'repo/prod/kustomization.yaml': 'resources: [../base]\ncomponents: [../components/metrics]\n',
    }), 'repo');
    const found = await findSources([root]);
    assert.deepEqual(shape(root, found.sources), ['kustomization prod', 'file shared/other.yaml']);
    const notices = found.notices.join('\n');
    assert.match(notices, /left .*\/repo\/base to the kustomizations that use it \(.*\/repo\/prod\)/);
    assert.match(notices, /left .*\/repo\/common to the kustomizations that use it \(.*\/repo\/prod\)/);
    assert.match(notices, /left .*\/repo\/components\/metrics to/);
    assert.match(notices, /skipped .*\/repo\/components\/unused: a kustomize Component/);
    assert.match(notices, /left 1 file in .*\/repo\/shared to the kustomizations that use it \(.*\/repo\/prod\)/);
  });

  test('named as an argument, a kustomization is built as it is and not walked, even when another argument uses it; named twice, once', async () => {
    const root = await tmp.write({
      'args/base/kustomization.yaml': 'resources: [cm.yaml]\n',
      'args/base/cm.yaml': CM('base'),
      'args/base/nested/kustomization.yaml': 'resources: [..]\n',
      'args/prod/kustomization.yaml': 'resources: [../base]\n',
    });
    const base = join(root, 'args/base');
    const prod = join(root, 'args/prod');
    const found = await findSources([base, prod, join(prod, 'kustomization.yaml')]);
    assert.deepEqual(found.sources.map((s) => s.kind === 'kustomization' && [s.dir, s.explicit]), [[base, true], [prod, true]]);
  });

  test('remote resources are not local folders; an unreadable kustomization is still a source (kustomize says why)', async () => {
    const root = join(await tmp.write({
      'remote/app/kustomization.yaml': 'resources:\n- https://github.com/example/app//deploy?ref=v1\n- github.com/example/other/deploy?ref=v2\n',
      'remote/broken/kustomization.yaml': 'resources: [oops\n',
    }), 'remote');
    const found = await findSources([root]);
    assert.deepEqual(shape(root, found.sources), ['kustomization app', 'kustomization broken']);
    const [app, broken] = found.sources;
    assert.deepEqual(app?.kind === 'kustomization' ? app.kustomization?.uses : undefined, []);
    assert.equal(broken?.kind === 'kustomization' ? broken.kustomization : 'not a kustomization', undefined);
  });

  test('a FIFO inside a kustomization folder is not touched; one in a plain folder gets a notice', { timeout: 30_000 }, async () => {
    const root = join(await tmp.write({ 'fifos/k/kustomization.yaml': 'resources: []\n', 'fifos/plain/a.yaml': CM('a') }), 'fifos');
    execFileSync('mkfifo', [join(root, 'k', 'x.yaml')]);
    execFileSync('mkfifo', [join(root, 'plain', 'x.yaml')]);
    const found = await findSources([root]);
    assert.deepEqual(shape(root, found.sources), ['kustomization k', 'file plain/a.yaml']);
    assert.deepEqual(found.notices.map((n) => n.replace(/ \(only.*/, '')), [`skipped ${root}/plain/x.yaml: a FIFO (named pipe), not a regular file`]);
  });
});
