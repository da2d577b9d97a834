// The Deployment's kubediff container as k8s/deployment.yaml runs it (its own
// arguments, -period=60s included), next to a real reproduction of git-sync
// v4 with the Deployment's --root, --link and --webhook-url: it waits for the
// first sync without claiming a result, and each sync's webhook brings a
// result for the new commit long before the next period.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { GitSyncRepo } from '../support/git-sync.js';
import { startPromRun, type PromRunProcess } from '../support/prom-run.js';
import { createKubectl, type Kubectl } from './kubectl.js';
import { poll } from './processes.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Container { name: string; args: string[] }
const deployment = parseAllDocuments(readFileSync(join(repo, 'k8s/deployment.yaml'), 'utf8'))[0]?.toJS() as {
  spec: { template: { spec: { containers: Container[] } } };
};
const containerArgs = (name: string): string[] => deployment.spec.template.spec.containers.find((container) => container.name === name)?.args ?? [];
const gitSyncFlag = (flag: string): string => {
  const arg = containerArgs('git-sync').find((candidate) => candidate.startsWith(`${flag}=`));
  assert.ok(arg, `git-sync ${flag} in k8s/deployment.yaml`);
  return arg.slice(flag.length + 1);
};

const root = gitSyncFlag('--root');
const linkPath = `${root}/${gitSyncFlag('--link')}/`;
/** The manifests' folder inside the repository, from kubediff's last argument (/git/repo/<path>). */
const manifestsDir = (containerArgs('kubediff').at(-1) ?? '').slice(linkPath.length);

const deploymentYaml = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ${image}
`;

describe('kubediff as k8s/deployment.yaml runs it, next to git-sync', { concurrency: false }, () => {
  let cluster: ApiServer;
  let kubectl: Kubectl;
  let gitSync: GitSyncRepo;
  let promRun: PromRunProcess;
  let scratch: string;

  const metrics = async (): Promise<string> => (await fetch(`${promRun.url}/metrics`)).text();
  const exitCodeIs = (code: number) => async (): Promise<true | undefined> => (new RegExp(`^command_exit_code ${code}$`, 'm').test(await metrics()) ? true : undefined);

  before(async () => {
    assert.ok(manifestsDir.length > 0, `kubediff's path is under git-sync's link ${linkPath}`);
    scratch = mkdtempSync(join(tmpdir(), 'kubediff-sidecar-'));
    writeFileSync(join(scratch, 'web.yaml'), deploymentYaml('nginx:1.27'));
    cluster = await startApiServer({});
    kubectl = createKubectl(cluster.kubeconfigPath);
    await kubectl.ok('apply', '-f', join(scratch, 'web.yaml'));
    gitSync = await GitSyncRepo.create({ link: gitSyncFlag('--link') });
    // The container's arguments, with git-sync's root where the test keeps it;
    // the test's prom-run listens on a free loopback port instead of :9152.
    const args = containerArgs('kubediff')
      .filter((arg) => !arg.startsWith('-listen-addr'))
      .map((arg) => (arg.startsWith(`${root}/`) ? gitSync.root + arg.slice(root.length) : arg));
    promRun = await startPromRun(args, { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath } });
    // git-sync's --webhook-url, aimed at the test's port.
    const webhook = new URL(gitSyncFlag('--webhook-url'));
    webhook.host = new URL(promRun.url).host;
    gitSync.webhookUrl = webhook.href;
  }, { timeout: 60_000 });

  after(async () => {
    await promRun?.stop();
    kubectl?.close();
    await cluster?.close();
    await gitSync?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('before git-sync\'s first sync it waits: not ready, and no exit code claimed', async () => {
    const status = await poll(30_000, 100, async () => {
      const body = await (await fetch(`${promRun.url}/api/status`)).json() as { waiting: { reason: string } | null };
      return body.waiting ?? undefined;
    }, () => 'prom-run never reported waiting for the checkout');
    assert.match(status.reason, /^waiting for /);
    const ready = await fetch(`${promRun.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.doesNotMatch(await metrics(), /^command_exit_code /m);
  });

  test('the first sync\'s webhook brings a result for that commit: in sync, ready', async () => {
    const hash = await gitSync.commit({ [`${manifestsDir}/web.yaml`]: deploymentYaml('nginx:1.27') });
    const synced = await gitSync.sync();
    // git-sync counts only its --webhook-success-status (default 200) as delivered.
    assert.equal(synced.webhook, 200, 'prom-run answers git-sync\'s webhook with 200');
    await poll(30_000, 100, exitCodeIs(0), () => 'no in-sync result after the first sync');
    assert.match(await metrics(), new RegExp(`^kubediff_git_revision_info\\{revision="${hash}"`, 'm'));
    assert.equal((await fetch(`${promRun.url}/readyz`)).status, 200);
  });

  test('a new commit that differs from the cluster is reported within seconds, not a 60 s period', async () => {
    const started = Date.now();
    const hash = await gitSync.commit({ [`${manifestsDir}/web.yaml`]: deploymentYaml('nginx:1.28') });
    await gitSync.sync();
    // Only the webhook can start this run within 30 s: the period is 60 s.
    await poll(30_000, 100, exitCodeIs(2), () => `no drift reported ${Date.now() - started} ms after the sync that changed the image`);
    assert.match(await metrics(), new RegExp(`^kubediff_git_revision_info\\{revision="${hash}"`, 'm'));
    assert.match(await metrics(), /^kubediff_object_out_of_sync\{[^}]*object_name="web"[^}]*\} 1$/m);
  });
});
