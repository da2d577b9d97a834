// --pods under real RBAC, as a scoped-down deployment would run it (the
// service account's token over HTTPS, authorized by the stored Roles): the
// README's read-only role without pods leaves --pods a notice and health
// from the workloads alone; adding get/list on pods (and nothing else) makes
// every pod finding appear, with no request refused.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { runCheck, type CheckOptions } from '../../../src/kubediff/check.js';
import type { CheckReport } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { serviceAccountUser, startApiServer, type ApiServer, type KubeObject } from '../../support/apiserver/index.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const TOKEN = 'kubediff-sa-token';

const deployment = (name: string, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } } },
});

/** The scoped-down ClusterRole of k8s/rbac.yaml's comment, with or without pods. */
const role = (withPods: boolean): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'kubediff-read' },
  rules: [
    { apiGroups: [''], resources: ['configmaps', 'services', 'serviceaccounts', ...(withPods ? ['pods'] : [])], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  ],
});

describe('--pods under RBAC', () => {
  let server: ApiServer;
  let dir: TempDir;
  let options: CheckOptions;
  const health = (report: CheckReport, name: string) => report.objects.find((o) => o.ref.name === name)?.health;

  before(async () => {
    server = await startApiServer({ tls: true, authorization: 'RBAC', users: [serviceAccountUser('kubediff', 'kubediff', TOKEN)], controllers: { pods: true } });
    server.controllers.images.set('api:1', 'crash-loop');
    const objects = [deployment('web', 'web:1'), deployment('api', 'api:1')];
    for (const object of objects) server.apply(object);
    server.apply({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubediff-read' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubediff-read' },
      subjects: [{ kind: 'ServiceAccount', name: 'kubediff', namespace: 'kubediff' }],
    });
    dir = await makeTempDir();
    const kubeconfig = join(dir.path, 'sa-kubeconfig');
    await server.writeKubeconfig(kubeconfig, { token: TOKEN });
    const path = await dir.write({ 'repo/shop.yaml': objects.map((o) => stringify(o)).join('---\n') });
    options = { paths: [join(path, 'repo')], kubeconfig, env: {}, homeDir: dir.path, pods: true };
  });
  after(async () => {
    await server.close();
    await dir.remove();
  });

  test('without pods in the role: a notice naming the namespace and the 403, health from the workloads, exit 0', async () => {
    server.apply(role(false));
    server.requestLog.clear();
    const report = await runCheck(options, { logger: silentLogger });
    assert.deepEqual(report.errors, []);
    assert.equal(report.exitCode, 0);
    assert.equal(report.notices.filter((n) => n.startsWith('--pods:')).length, 1, report.notices.join('\n'));
    assert.match(report.notices.find((n) => n.startsWith('--pods:')) ?? '', /namespace shop.*403/);
    assert.equal(health(report, 'api')?.pods, undefined);
    assert.equal(server.requestLog.count({ resource: 'pods', code: 403 }), 1);
  });

  test('with get/list on pods added, and nothing else: the crash loop shows, and nothing is refused', async () => {
    server.apply(role(true));
    server.requestLog.clear();
    const report = await runCheck(options, { logger: silentLogger });
    assert.deepEqual(report.notices.filter((n) => n.startsWith('--pods:')), []);
    assert.equal(health(report, 'api')?.status, 'Degraded');
    assert.match(health(report, 'api')?.reason ?? '', /container main: CrashLoopBackOff/);
    assert.deepEqual(health(report, 'web')?.pods, { pods: 1, ready: 1, restarts: 0 });
    assert.equal(server.requestLog.count({ code: 403 }), 0);
    assert.equal(report.exitCode, 0);
  });
});
