// kubediff on kustomize repositories, end to end: layouts in the shapes people
// use (kustomize-layouts.ts), applied with the real `kubectl apply -k` to the
// emulated API server, then checked (in-process, and through the real CLI
// where its output matters), every build by the real `kubectl kustomize`. In
// sync with every built object counted (kubediff's own origin annotations never
// drift); hand edits found at the prefixed and hash-suffixed names; the
// parent-folder rule; a failing build next to good ones; builds through stdin.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { runCheck, type CheckOptions } from '../../../src/kubediff/check.js';
import { renderDiff, renderJson, renderText } from '../../../src/kubediff/output/index.js';
import type { CheckReport } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { KUBEDIFF_CMD, kubectl, TSX_IMPORT } from '../helpers/processes.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';
import { GUESTBOOK, LDAP, LDAP_ADMIN_PASSWORD } from './kustomize-layouts.js';

const SECRET_FORMS = [LDAP_ADMIN_PASSWORD, Buffer.from(LDAP_ADMIN_PASSWORD).toString('base64')];

function assertNoSecret(texts: readonly string[], also: readonly string[] = []): void {
  for (const text of texts) for (const secret of [...SECRET_FORMS, ...also]) assert.ok(!text.includes(secret), `a Secret value leaked: ${secret}`);
}

describe('kubediff on kustomize repositories', { concurrency: false }, () => {
  let server: ApiServer;
  let tmp: TempDir;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  /** The real CLI, run in the repository so paths read as people type them. */
  const cli = (args: readonly string[], input?: string) =>
    execa(process.execPath, ['--import', TSX_IMPORT, KUBEDIFF_CMD, ...args], { env, extendEnv: false, reject: false, timeout: 300_000, cwd: repo, ...(input === undefined ? {} : { input }) });
  /** The checker in-process on paths inside the repository; every output is checked for the Secret. */
  const check = async (paths: readonly string[], options: Partial<CheckOptions> = {}): Promise<CheckReport> => {
    const report = await runCheck({ paths: paths.map((path) => join(repo, path)), kubeconfig: server.kubeconfigPath, env, homeDir: tmp.path, ...options }, { logger: silentLogger });
    assertNoSecret([renderText(report), renderJson(report), renderDiff(report)]);
    return report;
  };
  const at = (path: string) => join(repo, path);
  /** How many objects `kubectl kustomize <dir>` builds: what `kubectl apply -k` applied. */
  const builtCount = async (dir: string) => (await kubectl(['kustomize', at(dir)], env)).split(/^---$/m).length;

  before(async () => {
    server = await startApiServer({});
    tmp = await makeTempDir('kubediff-kz-test-');
    repo = join(await tmp.write(Object.fromEntries(Object.entries({ ...GUESTBOOK, ...LDAP }).map(([path, text]) => [`repo/${path}`, text]))), 'repo');
    env = { PATH: process.env.PATH, HOME: tmp.path, KUBECONFIG: server.kubeconfigPath, KUBECACHEDIR: join(tmp.path, 'kube-cache') };
    for (const dir of ['kustomize-guestbook', 'ldap/overlays/staging', 'ldap/overlays/production']) await kubectl(['apply', '-k', at(dir)], env);
  });
  after(async () => {
    await server?.close();
    await tmp?.remove();
  });

  test('kustomize-guestbook through the CLI: in sync, both objects at their prefixed names, naming the folder and the file each came from', async () => {
    const run = await cli(['-o', 'json', 'kustomize-guestbook']);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as CheckReport;
    assert.deepEqual(report.objects.map((o) => [o.ref.kind, o.ref.name, o.state]), [
      ['Service', 'kustomize-guestbook-ui', 'in-sync'],
      ['Deployment', 'kustomize-guestbook-ui', 'in-sync'],
    ]);
    const build = (file: string) => ({ tool: 'kustomize', command: 'kubectl kustomize kustomize-guestbook', origin: `kustomize-guestbook/${file}` });
    assert.deepEqual(report.objects.map((o) => o.source), [
      { file: 'kustomize-guestbook', document: 0, build: build('guestbook-ui-svc.yaml') },
      { file: 'kustomize-guestbook', document: 1, build: build('guestbook-ui-deployment.yaml') },
    ]);
    assert.deepEqual(report.notices, ['built the kustomization with kubectl kustomize: kustomize-guestbook']);
  });

  test('the issue\'s case: scaled and given another image by hand, the prefixed Deployment drifts at both fields (it was "2 in sync" of another app)', async () => {
    await kubectl(['scale', 'deployment/kustomize-guestbook-ui', '--replicas=3'], env);
    await kubectl(['set', 'image', 'deployment/kustomize-guestbook-ui', 'guestbook-ui=gcr.io/google-samples/gb-frontend:v6'], env);
    const run = await cli(['kustomize-guestbook']);
    assert.equal(run.exitCode, 2, run.stdout + run.stderr);
    // Each difference names the kubectl command that made it (managedFields).
    assert.match(run.stdout, /## default\/kustomize-guestbook-ui \(Deployment\.v1\.apps\)\n\n\.spec\.replicas: '1' != '3' \(changed by kubectl \(scale subresource\) at [^)]+\)\n\.spec\.template\.spec\.containers\[name=guestbook-ui\]\.image: 'gcr\.io\/google-samples\/gb-frontend:v5' != 'gcr\.io\/google-samples\/gb-frontend:v6' \(changed by kubectl-set at [^)]+\)/);
    assert.match(run.stdout, /kubediff: 2 objects \(1 in sync, 1 drifted, 0 missing, 0 failed\)/);
    await kubectl(['apply', '-k', at('kustomize-guestbook')], env);
  });

  test('ldap/: the two overlays are checked with every built object counted, the base and the component are left to them', async () => {
    const expected = (await builtCount('ldap/overlays/production')) + (await builtCount('ldap/overlays/staging'));
    const report = await check(['ldap']);
    assert.equal(report.exitCode, 0, renderText(report));
    assert.deepEqual([report.totals.objects, report.totals.inSync], [expected, expected]);
    assert.ok(report.objects.every((o) => /^(prod|staging)-/.test(o.ref.name) || o.ref.kind === 'Namespace'), 'no unprefixed base object');
    assert.deepEqual(report.notices, [
      `built 2 kustomizations with kubectl kustomize: ${at('ldap/overlays/production')}, ${at('ldap/overlays/staging')}`,
      `left ${at('ldap/base')} to the kustomizations that use it (${at('ldap/overlays/production')}, ${at('ldap/overlays/staging')}): it is not checked on its own`,
      `left ${at('ldap/components/metrics')} to the kustomizations that use it (${at('ldap/overlays/production')}): it is not checked on its own`,
    ]);
  });

  test('hand edits on the hash-suffixed generated ConfigMap and on the patched Deployment are found at their real names and fields, with their origins', async () => {
    const before = await check(['ldap/overlays/production']);
    const configMap = before.objects.find((o) => o.ref.kind === 'ConfigMap');
    assert.match(configMap?.ref.name ?? '', /^prod-ldap-config-[a-z0-9]{10}$/);
    await kubectl(['-n', 'ldap-prod', 'patch', 'configmap', configMap?.ref.name ?? '', '-p', '{"data":{"LDAP_LOG_LEVEL":"0"}}'], env);
    await kubectl(['-n', 'ldap-prod', 'patch', 'deployment', 'prod-ldap', '--type=json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/resources/limits/memory","value":"1Gi"}]'], env);
    const report = await check(['ldap/overlays/production']);
    assert.equal(report.exitCode, 2);
    const drifted = report.objects.filter((o) => o.state === 'drifted').map((o) => [o.ref.name, o.differences.map((d) => `${d.path} ${String(d.want)} -> ${String(d.have)}`), o.source.build?.origin]);
    assert.deepEqual(drifted, [
      [configMap?.ref.name, ['.data.LDAP_LOG_LEVEL 256 -> 0'], `${at('ldap/base/kustomization.yaml')} (ConfigMapGenerator)`],
      ['prod-ldap', ['.spec.template.spec.containers[name=ldap].resources.limits.memory 512Mi -> 1Gi'], at('ldap/base/deployment.yaml')],
    ]);
    assert.match(renderText(report), new RegExp(`## ldap-prod/prod-ldap \\(Deployment\\.v1\\.apps\\)`));
    await kubectl(['apply', '-k', at('ldap/overlays/production')], env);
  });

  test('a Secret from the secretGenerator changed by hand is drift, its values never shown in any output', async () => {
    const before = await check(['ldap/overlays/staging']);
    const secret = before.objects.find((o) => o.ref.kind === 'Secret');
    assert.match(secret?.ref.name ?? '', /^staging-ldap-admin-[a-z0-9]{10}$/);
    await kubectl(['-n', 'ldap-staging', 'patch', 'secret', secret?.ref.name ?? '', '-p', JSON.stringify({ data: { LDAP_ADMIN_PASSWORD: Buffer.from('changed-by-hand').toString('base64') } })], env);
    const report = await check(['ldap/overlays/staging']);
    assert.equal(report.exitCode, 2);
    assert.deepEqual(report.objects.filter((o) => o.state === 'drifted').map((o) => o.ref.name), [secret?.ref.name]);
    assertNoSecret([renderText(report), renderJson(report), renderDiff(report)], ['changed-by-hand', Buffer.from('changed-by-hand').toString('base64')]);
    await kubectl(['apply', '-k', at('ldap/overlays/staging')], env);
  });

  test('a kustomization asking for origin annotations itself keeps them: applied, compared, in sync, and a hand edit of one is drift', async () => {
    await tmp.write({
      'repo/own-origin/kustomization.yaml': 'resources: [cm.yaml]\nnamePrefix: own-\nbuildMetadata: [originAnnotations]\n',
      'repo/own-origin/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: origin\ndata:\n  a: b\n',
    });
    await kubectl(['apply', '-k', at('own-origin')], env);
    const report = await check(['own-origin']);
    assert.equal(report.exitCode, 0, renderText(report));
    assert.equal(report.objects[0]?.source.build?.origin, at('own-origin/cm.yaml'));
    await kubectl(['annotate', '--overwrite', 'configmap', 'own-origin', 'config.kubernetes.io/origin=path: elsewhere.yaml'], env);
    assert.equal((await check(['own-origin'])).exitCode, 2);
  });

  test('a broken kustomization and an offline remote base next to a good one: an error for each quoting kustomize, and the good one is checked', async () => {
    await tmp.write({
      'repo/mixed/good/kustomization.yaml': 'resources: [../../kustomize-guestbook]\n',
      'repo/mixed/broken/kustomization.yaml': 'resources:\n- missing-file.yaml\n',
      'repo/mixed/remote/kustomization.yaml': 'resources:\n- https://github.com/argoproj/argocd-example-apps//kustomize-guestbook?ref=master\n',
    });
    const run = await cli(['-o', 'json', 'mixed']);
    const report = JSON.parse(run.stdout) as CheckReport;
    assert.equal(run.exitCode, 1);
    assert.deepEqual([report.totals.objects, report.totals.inSync], [2, 2]);
    assert.deepEqual(report.errors.map((e) => [e.kind, e.file]), [['manifest', 'mixed/broken'], ['manifest', 'mixed/remote']]);
    assert.match(report.errors[0]?.message ?? '', /^cannot build the kustomization mixed\/broken: `kubectl kustomize mixed\/broken` exited 1: .*missing-file\.yaml/);
    assert.doesNotMatch(report.errors[0]?.message ?? '', /run\.go|kubediff-kustomize-/, 'neither klog decoration nor the wrapper shows');
    assert.match(report.errors[1]?.message ?? '', /https:\/\/github\.com\/argoproj\/argocd-example-apps\/\/kustomize-guestbook\?ref=master/);
    assert.ok((report.errors[1]?.message.split(' | ').length ?? 0) <= 11, 'stderr is bounded to its first lines');
    assert.ok(report.errors.every((e) => !e.message.includes('\n')), 'one line each: a line break would be shown as \\u000a');
  });

  test('what `kubectl kustomize` prints, piped to `kubediff -`, is in sync too', async () => {
    const built = await kubectl(['kustomize', at('ldap/overlays/production')], env);
    const run = await cli(['-'], built);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`kubediff: ${await builtCount('ldap/overlays/production')} objects \\(\\d+ in sync, 0 drifted`));
  });

  test('--kustomize-command names another builder; one that is not installed is an error saying so, and nothing is checked', async () => {
    const wrapped = await check(['kustomize-guestbook'], { kustomizeCommand: ['sh', '-c', 'exec kubectl kustomize "$0"'] });
    assert.equal(wrapped.exitCode, 0, renderText(wrapped));
    assert.match(wrapped.notices[0] ?? '', /^built the kustomization with sh -c 'exec kubectl kustomize "\$0"': /);
    const missing = await check(['kustomize-guestbook'], { kustomizeCommand: ['kustomize-not-installed', 'build'] });
    assert.equal(missing.exitCode, 1);
    assert.deepEqual(missing.errors.map((e) => e.message), [
      `cannot build the kustomization ${at('kustomize-guestbook')}: kustomize-not-installed: command not found (set the builder with --kustomize-command)`,
      `nothing to check: found no objects in ${at('kustomize-guestbook')}: ${at('kustomize-guestbook')} could not be used (see the error above)`,
    ]);
  });
});
