// buildKustomization with the real kubectl kustomize: the wrapper that asks
// for origin annotations, and the cases where the folder is built as it is.
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildKustomization, DEFAULT_KUSTOMIZE_COMMAND } from '../../../src/kubediff/sources/kustomize-build.js';
import { readKustomization } from '../../../src/kubediff/sources/kustomization-file.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n';

describe('buildKustomization', () => {
  let tmp: TempDir;
  const savedTmpdir = process.env.TMPDIR;
  before(async () => {
    tmp = await makeTempDir('kubediff-kz-build-');
    await tmp.write({ 'app/kustomization.yaml': 'resources: [cm.yaml]\n', 'app/cm.yaml': CM, 'tmp-real/.keep': '' });
  });
  after(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await tmp?.remove();
  });

  const build = async (dir: string) => {
    const read = await readKustomization(join(dir, 'kustomization.yaml'), dir);
    assert.ok(read.ok);
    return buildKustomization(dir, read.kustomization, { command: DEFAULT_KUSTOMIZE_COMMAND, maxOutputBytes: 1 << 20 });
  };

  test('the wrapper asks for origin annotations, even when the temporary folder is reached through a symlink (macOS /var)', async () => {
    const link = join(tmp.path, 'tmp-link');
    await symlink(join(tmp.path, 'tmp-real'), link);
    await mkdir(join(tmp.path, 'tmp-real'), { recursive: true });
    process.env.TMPDIR = link;
    const built = await build(join(tmp.path, 'app'));
    assert.equal(built.ok, true, built.ok ? '' : built.problem);
    assert.ok(built.ok && built.ownOrigins);
    assert.match(built.ok ? built.output.toString() : '', /config\.kubernetes\.io\/origin: \|\n\s+path: .*app\/cm\.yaml/);
  });

  test('output larger than the bound is an error, not a truncated set of objects', async () => {
    const read = await readKustomization(join(tmp.path, 'app/kustomization.yaml'), join(tmp.path, 'app'));
    assert.ok(read.ok);
    const built = await buildKustomization(join(tmp.path, 'app'), read.kustomization, { command: DEFAULT_KUSTOMIZE_COMMAND, maxOutputBytes: 10 });
    assert.deepEqual(built, { ok: false, problem: `cannot build the kustomization ${join(tmp.path, 'app')}: \`kubectl kustomize ${join(tmp.path, 'app')}\` printed more than 10 bytes` });
  });

  test('helmCharts without --enable-helm: kustomize\'s error, and what to do about it', async () => {
    await tmp.write({ 'charts/kustomization.yaml': 'helmCharts:\n- name: web\n  repo: https://charts.example.com\n  version: 1.0.0\n' });
    const built = await build(join(tmp.path, 'charts'));
    assert.ok(!built.ok);
    assert.match(built.problem, /must specify --enable-helm \(a kustomization with helmCharts: build with --kustomize-command 'kubectl kustomize --enable-helm', and helm in the image\)$/);
  });
});
