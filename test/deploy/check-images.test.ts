// k8s/check-images, the component that turns on --check-images in the
// deployment, as its instructions tell users to: the Secret is made with the
// kubectl commands of its comment (against the emulated API server), k8s/ is
// built with the component uncommented (alone and with web-tls), and the
// kubediff container's rendered arguments, run by the real CLI with the
// Secret's .dockerconfigjson where the kubelet would project it, find a
// private image on a real registry (htpasswd) and an absent one.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { startDemoCluster } from '../../scripts/demo-cluster.js';
import { splitCommand } from '../../src/kubediff/sources/command-words.js';
import type { ApiServer } from '../support/apiserver/index.js';
import { startRegistries, USERS, type Registries } from '../support/registry/index.js';
import { runKubediff } from '../kubediff/helpers/processes.js';
import { createKubectl, type Kubectl } from './kubectl.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifests are free-form YAML

const repo = fileURLToPath(new URL('../..', import.meta.url));
const component = readFileSync(join(repo, 'k8s/check-images/kustomization.yaml'), 'utf8');

/** The comment's commands, continuation lines joined. */
function commandsOf(comment: string): string[] {
  const lines = comment.split('\n').filter((line) => line.startsWith('#   ')).map((line) => line.slice(4));
  return lines.join('\n').replace(/\\\n\s*/g, '').split('\n');
}

/** Splits a command line of the comment into words as sh would, its $VARIABLES set (their values hold no quotes). */
function words(line: string, vars: Record<string, string>): string[] {
  const split = splitCommand(line.replace(/\s+#.*$/, '').replace(/\$([A-Z]+)/g, (_, name: string) => vars[name] ?? ''));
  assert.ok(split.ok, line);
  return [...split.words];
}

describe('k8s/check-images: image availability in the cluster', { concurrency: false }, () => {
  let scratch: string;
  let r: Registries;
  let cluster: ApiServer;
  let kubectl: Kubectl;

  const build = async (components: readonly string[]): Promise<Obj[]> => {
    const k8s = join(scratch, `k8s-${components.join('-')}`);
    cpSync(join(repo, 'k8s'), k8s, { recursive: true });
    const kustomization = readFileSync(join(k8s, 'kustomization.yaml'), 'utf8');
    assert.match(kustomization, /^# components:\n# {3}- web-tls\n# {3}- check-images$/m);
    writeFileSync(join(k8s, 'kustomization.yaml'), kustomization.replace('# components:\n#   - web-tls\n#   - check-images', `components:\n${components.map((c) => `  - ${c}`).join('\n')}`));
    return parseAllDocuments(await kubectl.ok('kustomize', k8s)).map((document) => document.toJS() as Obj);
  };
  const containerOf = (objects: Obj[], name: string): Obj => {
    const deployment = objects.find((object) => object.kind === 'Deployment') as Obj;
    return (deployment.spec.template.spec.containers as Obj[]).find((c) => c.name === name) as Obj;
  };

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'kubediff-check-images-'));
    r = await startRegistries(scratch);
    await r.push('team/app', '1.0');
    const manifests = join(scratch, 'git/repo/k8s');
    mkdirSync(manifests, { recursive: true });
    writeFileSync(join(manifests, 'app.yaml'), `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: app, image: "${r.basic.host}/team/app:1.0"}
      - {name: next, image: "${r.basic.host}/team/app:1.1"}
`);
    cluster = await startDemoCluster({ manifests: [manifests], drift: false });
    kubectl = createKubectl(cluster.kubeconfigPath);
  }, { timeout: 120_000 });

  after(async () => {
    kubectl?.close();
    await cluster?.close();
    await r?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the kubediff container gets --check-images and the optional registry Secret; git-sync does not; web-tls combines with it', async () => {
    for (const components of [['check-images'], ['web-tls', 'check-images'], ['check-images', 'web-tls']]) {
      const objects = await build(components);
      const kubediff = containerOf(objects, 'kubediff');
      assert.deepEqual((kubediff.args as string[]).slice(-2), ['--check-images', '--registry-config=/etc/kubediff/registry'], components.join(','));
      assert.ok((kubediff.args as string[]).indexOf('kubediff') < (kubediff.args as string[]).indexOf('--check-images'), 'a kubediff flag, after the command');
      assert.deepEqual((kubediff.volumeMounts as Obj[]).find((m) => m.name === 'registry'), { name: 'registry', mountPath: '/etc/kubediff/registry', readOnly: true });
      assert.ok(!(containerOf(objects, 'git-sync').volumeMounts as Obj[]).some((m) => m.name === 'registry'), 'git-sync does not see it');
      const volumes = (objects.find((object) => object.kind === 'Deployment') as Obj).spec.template.spec.volumes as Obj[];
      assert.deepEqual(volumes.find((v) => v.name === 'registry'), { name: 'registry', secret: { secretName: 'kubediff-registry', optional: true, defaultMode: 0o440 } });
      if (components.includes('web-tls')) assert.ok((kubediff.args as string[]).includes('-watch'), 'web-tls applied too');
    }
    const rbac = (await build(['check-images'])).filter((object) => object.kind === 'ClusterRole' || object.kind === 'Role');
    assert.ok(!JSON.stringify(rbac).includes('"secrets"'), 'no RBAC on Secrets');
  });

  test("the comment's Secret, mounted where the component says, is read by kubediff with the rendered arguments", async () => {
    // The comment's commands, against the emulated API server (the namespace may exist already).
    const commands = commandsOf(component).filter((line) => line.startsWith('kubectl ') && !line.startsWith('kubectl apply'));
    assert.equal(commands.length, 2, commands.join('\n'));
    for (const line of commands) {
      const args = words(line, { TOKEN: USERS.alice }).slice(1).map((word) => word.replace('registry.example.com', r.basic.host).replace('robot', 'alice'));
      await kubectl.ok(...args);
    }
    const secret = JSON.parse(await kubectl.ok('-n', 'kubediff', 'get', 'secret', 'kubediff-registry', '-o', 'json')) as Obj;
    assert.equal(secret.type, 'kubernetes.io/dockerconfigjson');
    // What the kubelet projects: one file per key, in the mounted folder.
    const mounted = join(scratch, 'etc/kubediff/registry');
    mkdirSync(mounted, { recursive: true });
    writeFileSync(join(mounted, '.dockerconfigjson'), Buffer.from(secret.data['.dockerconfigjson'] as string, 'base64'));

    const args = containerOf(await build(['check-images']), 'kubediff').args as string[];
    const checker = args.slice(args.indexOf('kubediff') + 1).map((arg) => arg.replace('/etc/kubediff/registry', mounted).replace('/git/repo/k8s', join(scratch, 'git/repo/k8s')));
    const env = { PATH: process.env.PATH, HOME: scratch, KUBECACHEDIR: join(scratch, 'kube-cache') };
    const run = await runKubediff(['-k', cluster.kubeconfigPath, `--registry-insecure=${r.basic.host}`, '-o', 'json', ...checker], env);
    assert.equal(run.exitCode, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { images?: { image: string; status: string }[] };
    assert.deepEqual(Object.fromEntries((report.images ?? []).map((i) => [i.image, i.status])), {
      [`${r.basic.host}/team/app:1.0`]: 'available',
      [`${r.basic.host}/team/app:1.1`]: 'absent',
    });
  });
});
