// kustomize opens what a kustomization names and would wait for ever on a
// FIFO: such a kustomization is an error, kustomize is never started on it,
// and the other kustomizations are still built (real kubectl kustomize).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlink, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadSources } from '../../../src/kubediff/sources/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const FIFO_PROBLEM = 'is a FIFO (named pipe), not a regular file: kustomize would wait on it or read it without end';

describe('kustomizations naming a FIFO, a device or too much', () => {
  let tmp: TempDir;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    tmp = await makeTempDir('kubediff-build-inputs-');
    env = { PATH: process.env.PATH, HOME: tmp.path, KUBECACHEDIR: join(tmp.path, 'kube-cache') };
  });
  after(() => tmp.remove());

  test('a FIFO as the kustomization file, as a resource, and a symlink to /dev/zero in a base: an error each, the good one built', { timeout: 120_000 }, async () => {
    const root = join(await tmp.write({
      'repo/good/kustomization.yaml': 'resources: [cm.yaml]\n',
      'repo/good/cm.yaml': CM('good'),
      'repo/fifo-file/.keep': '',
      'repo/fifo-resource/kustomization.yaml': 'resources: [cm.yaml, pipe.yaml]\n',
      'repo/fifo-resource/cm.yaml': CM('r'),
      'repo/zero/base/kustomization.yaml': 'resources: [zero.yaml]\n',
      'repo/zero/overlay/kustomization.yaml': 'resources: [../base]\nnamePrefix: o-\n',
    }), 'repo');
    execFileSync('mkfifo', [join(root, 'fifo-file/kustomization.yaml'), join(root, 'fifo-resource/pipe.yaml')]);
    await symlink('/dev/zero', join(root, 'zero/base/zero.yaml'));

    const set = await loadSources([join(root, 'good'), join(root, 'fifo-file'), join(root, 'fifo-resource'), join(root, 'zero/overlay')], { env });
    assert.deepEqual(set.objects.map((o) => o.name), ['good']);
    assert.deepEqual(set.errors.map((e) => [e.file, e.message]), [
      [join(root, 'fifo-file'), `cannot build the kustomization ${join(root, 'fifo-file')}: ${join(root, 'fifo-file/kustomization.yaml')} ${FIFO_PROBLEM}`],
      [join(root, 'fifo-resource'), `cannot build the kustomization ${join(root, 'fifo-resource')}: ${join(root, 'fifo-resource/pipe.yaml')}, named in ${join(root, 'fifo-resource/kustomization.yaml')}, ${FIFO_PROBLEM}`],
      [join(root, 'zero/overlay'), `cannot build the kustomization ${join(root, 'zero/overlay')}: ${join(root, 'zero/base/zero.yaml')}, named in ${join(root, 'zero/base/kustomization.yaml')}, is a character device, not a regular file: kustomize would wait on it or read it without end`],
    ]);
  });

  test('paths are shown as the folder was named, relative ones included', { timeout: 120_000 }, async () => {
    await tmp.write({ 'rel/base/kustomization.yaml': 'resources: [pipe.yaml]\n', 'rel/overlay/kustomization.yaml': 'resources: [../base]\n' });
    execFileSync('mkfifo', [join(tmp.path, 'rel/base/pipe.yaml')]);
    const cwd = process.cwd();
    process.chdir(tmp.path);
    try {
      const set = await loadSources(['rel/overlay'], { env });
      assert.deepEqual(set.errors.map((e) => e.message), [`cannot build the kustomization rel/overlay: rel/base/pipe.yaml, named in rel/base/kustomization.yaml, ${FIFO_PROBLEM}`]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('a file larger than a build may print, or files adding up to twice that: an error before kustomize reads them', { timeout: 120_000 }, async () => {
    const root = join(await tmp.write({
      'large/huge/kustomization.yaml': 'resources: [huge.yaml]\n',
      'large/huge/huge.yaml': '',
      'large/many/kustomization.yaml': 'resources: [a.yaml, b.yaml, c.yaml]\n',
      ...Object.fromEntries(['a', 'b', 'c'].map((name) => [`large/many/${name}.yaml`, `${CM(name)}# ${'x'.repeat(760)}\n`])),
      'large/fits/kustomization.yaml': 'resources: [a.yaml]\n',
      'large/fits/a.yaml': `${CM('fits')}# ${'x'.repeat(760)}\n`,
    }), 'large');
    await truncate(join(root, 'huge/huge.yaml'), 40 * 2 ** 20);
    const huge = await loadSources([join(root, 'huge')], { env });
    assert.deepEqual(huge.errors.map((e) => e.message), [`cannot build the kustomization ${join(root, 'huge')}: ${join(root, 'huge/huge.yaml')}, named in ${join(root, 'huge/kustomization.yaml')}, is 40.0 MiB, more than the 32 MiB a build may print`]);
    const small = await loadSources([join(root, 'fits')], { env, maxBytes: 500 });
    assert.deepEqual(small.errors.map((e) => e.message), [`cannot build the kustomization ${join(root, 'fits')}: ${join(root, 'fits/a.yaml')}, named in ${join(root, 'fits/kustomization.yaml')}, is 817 bytes, more than the 500 bytes a build may print`]);
    const set = await loadSources([join(root, 'many'), join(root, 'fits')], { env, maxBytes: 1000 });
    assert.deepEqual(set.errors.map((e) => e.message), [`cannot build the kustomization ${join(root, 'many')}: the files it reads add up to more than 2000 bytes, twice what a build may print`]);
    assert.deepEqual(set.objects.map((o) => o.name), ['fits']);
  });

  test('a FIFO in a kustomization folder that nothing names does not stop the build', { timeout: 120_000 }, async () => {
    const dir = join(await tmp.write({ 'unnamed/kustomization.yaml': 'resources: [cm.yaml]\n', 'unnamed/cm.yaml': CM('unnamed') }), 'unnamed');
    execFileSync('mkfifo', [join(dir, 'stray.yaml')]);
    const set = await loadSources([dir], { env });
    assert.deepEqual([set.errors, set.objects.map((o) => o.name)], [[], ['unnamed']]);
  });
});
