// Never green on nothing: a check that found no objects at all exits 1 and
// says why, and still contacts the cluster, so an unreachable cluster is an
// error whatever git holds. The page never says "In sync" for zero objects.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCheck } from '../../../src/kubediff/check.js';
import type { CheckReport } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

describe('nothing to check', () => {
  let server: ApiServer;
  let tmp: TempDir;
  let unreachable: string;
  before(async () => {
    server = await startApiServer({});
    tmp = await makeTempDir('kubediff-nothing-');
    await tmp.write({
      'empty/README.md': 'no manifests here\n',
      'comments/a.yaml': '# nothing deployed yet\n---\n',
      'only-base/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      'broken/kustomization.yaml': 'resources: [missing.yaml]\n',
    });
    unreachable = join(tmp.path, 'unreachable.kubeconfig');
    await writeFile(unreachable, [
      'apiVersion: v1', 'kind: Config', 'current-context: c',
      'clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]',
      'contexts: [{name: c, context: {cluster: c, user: u}}]', 'users: [{name: u, user: {}}]', '',
    ].join('\n'));
  });
  after(async () => {
    await server?.close();
    await tmp?.remove();
  });

  const check = (paths: readonly string[], kubeconfig = server.kubeconfigPath): Promise<CheckReport> =>
    runCheck({ paths: paths.map((path) => join(tmp.path, path)), kubeconfig, env: {}, homeDir: tmp.path }, { logger: silentLogger });
  const messages = (report: CheckReport) => report.errors.map((e) => e.message.replaceAll(tmp.path, '<tmp>'));

  test('an empty folder, documents holding only comments, only a Component, a typo in a path, only a failed build: exit 1, each saying why', async () => {
    const cases: [string, string][] = [
      ['empty', 'no manifest files (.yaml, .yml, .json), kustomizations or streams there'],
      ['comments', 'the files hold no objects'],
      ['only-base', 'no manifest files (.yaml, .yml, .json), kustomizations or streams there'],
    ];
    for (const [path, why] of cases) {
      const report = await check([path]);
      assert.equal(report.exitCode, 1, path);
      assert.equal(messages(report).at(-1), `nothing to check: found no objects in <tmp>/${path}: ${why}`);
    }
    const typo = await check(['emtpy']);
    assert.deepEqual(messages(typo), ['cannot read <tmp>/emtpy: no such file or directory', 'nothing to check: found no objects in <tmp>/emtpy: see the errors above']);
    const broken = await check(['broken']);
    assert.equal(broken.exitCode, 1);
    assert.equal(messages(broken).at(-1), 'nothing to check: found no objects in <tmp>/broken: <tmp>/broken could not be used (see the error above)');
  });

  test('with nothing to check the cluster is contacted all the same: unreachable is its own error, exit 1', async () => {
    const report = await check(['empty'], unreachable);
    assert.equal(report.exitCode, 1);
    assert.equal(report.errors.length, 2);
    assert.match(messages(report)[0] ?? '', /^nothing to check/);
    assert.equal(report.errors[1]?.kind, 'cluster');
  });
});
