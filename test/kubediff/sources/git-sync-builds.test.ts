// Kustomize next to git-sync: the built-in checker under prom-run's git-sync
// wrapper builds the overlays of the snapshot it checks, and the commit it
// reports is the one it built. Real git, the git-sync reproduction, real
// `kubectl kustomize` and `kubectl apply -k`, the emulated API server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { CheckoutState } from '../../../src/gitsync/checkout-state.js';
import { createGitSyncTask } from '../../../src/gitsync/git-sync-task.js';
import { RevisionMetrics } from '../../../src/gitsync/revision-metrics.js';
import type { Revision } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createKubediffTask } from '../../../src/runner/kubediff-task.js';
import type { Task } from '../../../src/runner/task.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { GitSyncRepo } from '../../support/git-sync.js';
import { kubectl } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';
import { LDAP } from './kustomize-layouts.js';

describe('kustomize builds next to git-sync', () => {
  let server: ApiServer;
  let repo: GitSyncRepo;
  let tmp: TempDir;
  let env: NodeJS.ProcessEnv;
  let task: Task;

  before(async () => {
    server = await startApiServer({});
    repo = await GitSyncRepo.create();
    tmp = await makeTempDir('kubediff-gs-builds-');
    env = { PATH: process.env.PATH, HOME: tmp.path, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(tmp.path, 'kube-cache') };
    const paths = [join(repo.link, 'k8s', 'ldap')];
    task = createGitSyncTask({
      paths,
      cwd: repo.base,
      createTask: (resolved: readonly string[], revision?: Revision) => createKubediffTask({
        command: ['kubediff', '--kubeconfig', server.kubeconfigPath, ...paths],
        paths: resolved,
        ...(revision ? { revision } : {}),
        maxOutputBytes: 1 << 20, env, homeDir: tmp.path, logger: silentLogger,
      }),
      state: new CheckoutState(),
      metrics: new RevisionMetrics(new Registry()),
      logger: silentLogger,
    });
  });
  after(async () => {
    await server?.close();
    await repo?.cleanup();
    await tmp?.remove();
  });

  test('each run builds the commit it names: in sync at the applied commit, replicas drift at the next', async () => {
    const first = await repo.commit(Object.fromEntries(Object.entries(LDAP).map(([path, text]) => [`k8s/${path}`, text])), { message: 'ldap overlays' });
    await repo.sync();
    for (const overlay of ['staging', 'production']) await kubectl(['apply', '-k', join(repo.link, 'k8s/ldap/overlays', overlay)], env);

    const applied = await task.run({ signal: new AbortController().signal });
    assert.equal(applied.exitCode, 0, applied.output);
    assert.equal(applied.check?.revision?.hash, first);
    const deployment = applied.check?.objects.find((o) => o.ref.kind === 'Deployment' && o.ref.name === 'prod-ldap');
    assert.equal(deployment?.source.file, join(repo.link, 'k8s/ldap/overlays/production'), 'named through the link, not the worktree');
    assert.equal(deployment?.source.build?.origin, join(repo.link, 'k8s/ldap/base/deployment.yaml'));
    assert.equal(deployment?.source.build?.command, `kubectl kustomize ${join(repo.link, 'k8s/ldap/overlays/production')}`);
    assert.doesNotMatch(JSON.stringify(applied.check), /\.worktrees/);
    assert.doesNotMatch(applied.output, /\.worktrees/);

    const second = await repo.commit({ 'k8s/ldap/overlays/production/replicas-6902.yaml': '- op: replace\n  path: /spec/replicas\n  value: 5\n' }, { message: 'five ldap replicas' });
    await repo.sync();
    const changed = await task.run({ signal: new AbortController().signal });
    assert.equal(changed.exitCode, 2, changed.output);
    assert.equal(changed.check?.revision?.hash, second);
    assert.deepEqual(changed.check?.objects.filter((o) => o.state !== 'in-sync').map((o) => [o.ref.name, o.differences.map((d) => `${d.path}: ${String(d.want)} != ${String(d.have)}`)]), [
      ['prod-ldap', ['.spec.replicas: 5 != 3']],
    ]);
    assert.match(changed.output, /^# checked commit [0-9a-f]{7} \(five ldap replicas\)/);
  });
});
