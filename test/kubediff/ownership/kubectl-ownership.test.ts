// Server-side and client-side applied objects, then changed by hand with real
// kubectl against the emulated API server, checked by kubediff: each hand
// edit is drift at its path, attributed to the kubectl command's field
// manager; what git dropped is drift; what operators own, what the server
// defaulted and what another manager co-owns is not. Every output says who.
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCheck } from '../../../src/kubediff/check.js';
import { renderJson, renderLegacyJson, renderText } from '../../../src/kubediff/output/index.js';
import type { CheckReport, Difference, ObjectResult } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';
import { renderKubediffPage } from '../../../src/web/kubediff/page.js';
import { NO_FILTER } from '../../../src/web/kubediff/filter.js';
import { createKubectl, type Kubectl } from '../../apiserver/kubectl.js';
import { startApiServer, type ApiServer } from '../../support/apiserver/index.js';
import { makePageData } from '../../web/kubediff/report-fixture.js';
import { makeTempDir, type TempDir } from '../helpers/temp.js';

const ns = 'own';
const configMap = (name: string, data: Record<string, string>, labels?: Record<string, string>): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n${labels ? `  labels: ${JSON.stringify(labels)}\n` : ''}data: ${JSON.stringify(data)}\n`;
const deployment = (name: string, extraLabels = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}${extraLabels}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          env: [{name: MODE, value: blue}]
          ports: [{containerPort: 80}]
`;
const service = `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ${ns}}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n`;
const docs = (...parts: string[]): string => parts.join('---\n');

/** What each object is in git at check time; some differ from what was applied. */
const GIT = {
  'ssa.yaml': docs(configMap('ssa-cm', { color: 'blue', size: 'm' }, { team: 'a' }), deployment('web'), service, configMap('replaced', { a: '1' })),
  'removed.yaml': docs(configMap('pruned', { a: '1' }), configMap('csa', { a: '1' })),
  'others.yaml': docs(configMap('operated', { a: '1' }), configMap('shared', { a: '1' }), deployment('csa-web'), deployment('made')),
};

function brief(result: ObjectResult): string[] {
  return result.differences.map((d: Difference) => `${d.path} ${d.reason ?? d.kind}${d.changedBy ? ` by ${d.changedBy.manager}${d.changedBy.subresource ? `/${d.changedBy.subresource}` : ''}` : ''}`);
}

describe('ownership with real kubectl', { timeout: 300_000 }, () => {
  let server: ApiServer;
  let kubectl: Kubectl;
  let dir: TempDir;
  let report: CheckReport;

  const ok = async (args: string[], input?: string, env?: Record<string, string>): Promise<void> => {
    const result = await kubectl.run(args, { input, env });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
  };
  const object = (name: string, kind = 'ConfigMap'): ObjectResult => {
    const found = report.objects.find((o) => o.ref.name === name && o.ref.kind === kind);
    assert.ok(found, `no result for ${kind} ${name}`);
    return found;
  };

  before(async () => {
    server = await startApiServer();
    kubectl = await createKubectl(server.kubeconfigPath);
    dir = await makeTempDir();
    const editor = join(dir.path, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nsed -i "s/^  color: blue$/  color: blue\\n  extra: by-edit/" "$1"\n');
    await chmod(editor, 0o755);

    await ok(['create', 'namespace', ns]);
    // Server-side applied, as Flux, Argo CD's server-side apply and kubectl apply --server-side do.
    await ok(['apply', '--server-side', '-f', '-'], docs(configMap('ssa-cm', { color: 'blue', size: 'm' }, { team: 'a' }), deployment('web'), service, configMap('replaced', { a: '1' }), configMap('pruned', { a: '1', b: '2' }), configMap('operated', { a: '1' }), configMap('shared', { a: '1' }, { shared: 'yes' })));
    // An operator applies the same label: it co-owns it.
    await ok(['apply', '--server-side', '--field-manager=operator', '-f', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared, namespace: ${ns}, labels: {shared: "yes"}}\n`);
    // Client-side applied, and made with kubectl create.
    await ok(['apply', '-f', '-'], docs(configMap('csa', { a: '1', b: '2' }), deployment('csa-web')));
    await ok(['create', '-f', '-'], deployment('made', ', extra: "1"'));

    // By hand.
    await ok(['label', 'configmap', 'ssa-cm', '-n', ns, 'owner=me']);
    await ok(['annotate', 'configmap', 'ssa-cm', '-n', ns, 'note=hand']);
    await ok(['edit', 'configmap', 'ssa-cm', '-n', ns], undefined, { KUBE_EDITOR: editor });
    await ok(['patch', 'configmap', 'ssa-cm', '-n', ns, '-p', '{"data":{"size":"l"}}']);
    await ok(['set', 'env', 'deployment/web', '-n', ns, '-c', 'app', 'DEBUG=1']);
    await ok(['set', 'image', 'deployment/web', '-n', ns, 'app=nginx:1.28']);
    await ok(['scale', 'deployment/web', '-n', ns, '--replicas=4']);
    await ok(['rollout', 'restart', 'deployment/web', '-n', ns]);
    await ok(['patch', 'service', 'web', '-n', ns, '-p', '{"spec":{"type":"LoadBalancer"}}']);
    await ok(['replace', '-f', '-'], configMap('replaced', { a: '1', extra: 'by-replace' }));
    await ok(['set', 'env', 'deployment/csa-web', '-n', ns, '-c', 'app', 'DEBUG=1']);
    // An operator's change (a non-interactive manager).
    await ok(['patch', 'configmap', 'operated', '-n', ns, '--field-manager=cert-operator', '-p', '{"data":{"op":"x"}}']);

    await dir.write(Object.fromEntries(Object.entries(GIT).map(([file, text]) => [`git/${file}`, text])));
    report = await runCheck({ paths: [join(dir.path, 'git')], kubeconfig: server.kubeconfigPath, env: {}, homeDir: dir.path }, { logger: silentLogger });
  });
  after(async () => {
    await kubectl.cleanup();
    await server.close();
    await dir.remove();
  });

  test('the check ran: no errors', () => {
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.objects.filter((o) => o.error), []);
  });

  test('kubectl label, annotate, edit and patch on a server-side applied object: hand edits and a changed value, each by its command', () => {
    assert.deepEqual(brief(object('ssa-cm')).sort(), [
      '.data.extra hand-edit by kubectl-edit',
      '.data.size changed by kubectl-patch',
      '.metadata.annotations.note hand-edit by kubectl-annotate',
      '.metadata.labels.owner hand-edit by kubectl-label',
    ]);
    const edit = object('ssa-cm').differences.find((d) => d.path === '.data.extra');
    assert.equal(edit?.changedBy?.operation, 'Update');
    assert.match(edit?.changedBy?.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('kubectl set env, set image and scale on a Deployment; rollout restart is bookkeeping', () => {
    assert.deepEqual(brief(object('web', 'Deployment')), [
      '.spec.replicas changed by kubectl/scale',
      '.spec.template.spec.containers[name=app].image changed by kubectl-set',
      '.spec.template.spec.containers[name=app].env[name=DEBUG] hand-edit by kubectl-set',
    ]);
  });

  test('kubectl patch to a LoadBalancer: the type is a hand edit, the fields the server defaulted with it are not', () => {
    assert.deepEqual(brief(object('web', 'Service')), ['.spec.type hand-edit by kubectl-patch']);
  });

  test('kubectl replace and kubectl create: what they added is a hand edit; defaults kubectl create owns are not', () => {
    assert.deepEqual(brief(object('replaced')), ['.data.extra hand-edit by kubectl-replace']);
    assert.deepEqual(brief(object('made', 'Deployment')), ['.metadata.labels.extra hand-edit by kubectl-create']);
  });

  test('removed from git: under server-side apply (managedFields) and client-side apply (last-applied)', () => {
    assert.deepEqual(brief(object('pruned')), ['.data.b removed-from-git']);
    assert.deepEqual(brief(object('csa')), ['.data.b removed-from-git']);
  });

  test('a client-side applied Deployment: its defaults are in sync, a hand edit is found all the same', () => {
    assert.deepEqual(brief(object('csa-web', 'Deployment')), ['.spec.template.spec.containers[name=app].env[name=DEBUG] hand-edit by kubectl-set']);
  });

  test('an operator\'s change and a co-owned label git dropped are not drift', () => {
    assert.equal(object('operated').state, 'in-sync');
    assert.equal(object('shared').state, 'in-sync');
  });

  test('every output says who changed it: text, -j, -o json, the page; hand-edited objects are counted', () => {
    const text = renderText(report);
    assert.match(text, /\.metadata\.labels\.owner: changed by hand, not in git: live has 'me' \(changed by kubectl-label at \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    assert.match(text, /\.spec\.replicas: '2' != '4' \(changed by kubectl \(scale subresource\) at /);
    assert.match(text, /\.data\.b: not in git, live has '2' \(removed from git: applying would remove it\)/);
    assert.match(renderLegacyJson(report), /changed by kubectl-set at/);
    const json = JSON.parse(renderJson(report)) as CheckReport;
    const owner = json.objects.flatMap((o) => o.differences).find((d) => d.path === '.metadata.labels.owner');
    assert.deepEqual([owner?.reason, owner?.changedBy?.manager, owner?.changedBy?.operation], ['hand-edit', 'kubectl-label', 'Update']);
    assert.equal(json.totals.handEdited, 6);
    const page = renderKubediffPage(makePageData(report), NO_FILTER);
    assert.match(page, /changed by hand/);
    assert.match(page, /kubectl-label at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });
});
