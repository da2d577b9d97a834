// kubediff --check-images end to end: the real CLI, the emulated API server
// and real registries on loopback. Images never change the exit code; the
// text output lists the images that are not available, -o json lists all.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDemoCluster } from '../../../scripts/demo-cluster.js';
import type { ApiServer } from '../../support/apiserver/index.js';
import { startRegistries, USERS, type Registries } from '../../support/registry/index.js';
import { runKubediff } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';
import { writeDockerConfig } from './harness.js';

interface JsonReport {
  exitCode: number;
  images?: { image: string; status: string; reference?: string; objects: { object: { kind: string; name: string }; container: string; field: string; in: string[] }[] }[];
  imageStats?: { requests: number; checked: number };
  notices: string[];
}

function manifests(open: string, basic: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers: [{name: migrate, image: ${open}/team/app:1.0}]
      containers:
      - {name: app, image: ${open}/team/app:1.0}
      - {name: sidecar, image: ${open}/team/sidecar:9.9}
      - {name: private, image: ${basic}/team/worker:2}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: "${open}/Team/Worker:2"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {image: "not/an-image:in-a-pod-spec"}
`;
}

describe('kubediff --check-images', () => {
  let dir: TempDir;
  let r: Registries;
  let cluster: ApiServer;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let insecure: string[];

  before(async () => {
    dir = await makeTempDir('kubediff-cli-images-');
    r = await startRegistries(dir.path);
    await r.push('team/app', '1.0');
    await r.push('team/app', '1.1');
    await r.push('team/worker', '2');
    repo = await dir.write({ 'repo/00-ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'repo/app.yaml': manifests(r.open.host, r.basic.host) }).then((p) => join(p, 'repo'));
    cluster = await startDemoCluster({ manifests: [repo], drift: false });
    env = { PATH: process.env.PATH, HOME: dir.path, KUBECACHEDIR: join(dir.path, 'kube-cache') };
    insecure = [`--registry-insecure=${r.open.host}`, `--registry-insecure=${r.basic.host}`];
  });
  after(async () => {
    await cluster?.close();
    await r?.stop();
    await dir?.remove();
  });

  test('in sync with an absent image, a bad name and an image needing credentials: exit 0, the text lists those three', async () => {
    const run = await runKubediff(['-k', cluster.kubeconfigPath, '--check-images', ...insecure, repo], env);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /## images not available\n/);
    assert.match(run.stdout, /\nabsent: 127\.0\.0\.1:\d+\/team\/sidecar:9\.9 \(HTTP 404 [^\n]*\)\n {2}used by shop\/web \(Deployment\.v1\.apps\) container sidecar\n/);
    assert.match(run.stdout, /bad-image-name: 127\.0\.0\.1:\d+\/Team\/Worker:2 \(the repository name \(Team\/Worker\) must be lowercase\)\n {2}used by shop\/nightly \(CronJob\.v1\.batch\) container job/);
    assert.match(run.stdout, /authentication-failure: 127\.0\.0\.1:\d+\/team\/worker:2 \([^\n]*none are configured[^\n]*\)/);
    assert.doesNotMatch(run.stdout, /team\/app:1\.0/, 'available images are only counted');
    assert.match(run.stdout, /; images 4 \(3 not available\); /);
  });

  test('-o json: every image with its status and the containers using it; credentials make the private one available', async () => {
    const config = await writeDockerConfig(dir.path, 'config.json', { [r.basic.host]: ['alice', USERS.alice] });
    const run = await runKubediff(['-k', cluster.kubeconfigPath, '--check-images', `--registry-config=${config}`, ...insecure, '-o', 'json', repo], env);
    assert.equal(run.exitCode, 0, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    const statuses = Object.fromEntries((report.images ?? []).map((i) => [i.image.replace(/^127\.0\.0\.1:\d+\//, ''), i.status]));
    assert.deepEqual(statuses, { 'team/app:1.0': 'available', 'team/sidecar:9.9': 'absent', 'team/worker:2': 'available', 'Team/Worker:2': 'bad-image-name' });
    const app = report.images?.find((i) => i.image.endsWith('team/app:1.0'));
    assert.deepEqual(app?.objects.map((o) => `${o.object.kind}/${o.object.name} ${o.field} ${o.container} ${o.in.join('+')}`), [
      'Deployment/web containers app git',
      'Deployment/web initContainers migrate git',
    ]);
    assert.equal(report.imageStats?.checked, 3);
    assert.ok(!run.stdout.includes(USERS.alice) && !run.stderr.includes(USERS.alice), 'the password is in no output');
  });

  test('--check-images=live adds the image a live object runs (kubectl set image) and git does not declare', async () => {
    const live = cluster.getObject('apps/v1', 'Deployment', 'web', 'shop');
    assert.ok(live);
    const spec = (live.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec;
    spec.containers[0]!.image = `${r.open.host}/team/app:1.1`;
    cluster.apply(live);
    const git = JSON.parse((await runKubediff(['-k', cluster.kubeconfigPath, '--check-images', ...insecure, '-o', 'json', repo], env)).stdout) as JsonReport;
    assert.equal(git.images?.some((i) => i.image.endsWith('team/app:1.1')), false);
    const run = await runKubediff(['-k', cluster.kubeconfigPath, '--check-images=live', ...insecure, '-o', 'json', repo], env);
    assert.equal(run.exitCode, 2, 'the hand-edited image is drift; the image check does not change that');
    const report = JSON.parse(run.stdout) as JsonReport;
    const edited = report.images?.find((i) => i.image.endsWith('team/app:1.1'));
    assert.equal(edited?.status, 'available');
    assert.deepEqual(edited?.objects.map((o) => `${o.container} ${o.in.join('+')}`), ['app live']);
    const declared = report.images?.find((i) => i.image.endsWith('team/app:1.0'));
    assert.deepEqual(declared?.objects.map((o) => `${o.container} ${o.in.join('+')}`), ['app git', 'migrate git+live']);
  });

  test('with the cluster unreachable the images git declares are still checked (the run exits 1 for the cluster)', async () => {
    const kubeconfig = join(dir.path, 'gone.kubeconfig');
    const gone = await startDemoCluster({ manifests: [repo], drift: false });
    await gone.writeKubeconfig(kubeconfig);
    await gone.close();
    const run = await runKubediff(['-k', kubeconfig, '--check-images', ...insecure, '-o', 'json', repo], env);
    assert.equal(run.exitCode, 1);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.images?.find((i) => i.image.endsWith('team/sidecar:9.9'))?.status, 'absent');
  });

  test('-j keeps weaveworks\' shape: no image key', async () => {
    const run = await runKubediff(['-k', cluster.kubeconfigPath, '--check-images', ...insecure, '-j', repo], env);
    const legacy = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.ok(Object.keys(legacy).every((key) => key.endsWith('.yaml') || key === '<cluster>'), Object.keys(legacy).join(', '));
  });

  test('a manifest tree without containers says so', async () => {
    const plain = join(dir.path, 'plain');
    await mkdir(plain, { recursive: true });
    await writeFile(join(plain, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {image: "not/an-image:in-a-pod-spec"}\n');
    const run = await runKubediff(['-k', cluster.kubeconfigPath, '--check-images', '-o', 'json', plain], env);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.images, []);
    assert.ok(report.notices.includes('images: the manifests hold no container images to check'));
  });
});
