// managedFields as the emulated server records them, checked with real kubectl
// and against managedFields a real API server recorded: an Apply owns exactly
// what it applied (no defaults); an Update owns what it changed, defaults the
// server added in that request included; fields an applier stops applying go
// unless another manager owns them; conflicts answer 409 unless forced.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { startApiServer, type ApiServer, type KubeObject } from '../support/apiserver/index.js';
import { createKubectl, type Kubectl } from './kubectl.js';

const CONFORMANCE = '/work/shared/conformance/gitops-engine';

interface Entry {
  manager: string;
  operation: string;
  subresource?: string;
  time?: string;
  fieldsV1: Record<string, unknown>;
}

const entries = (obj: KubeObject | undefined): Entry[] => ((obj?.metadata as { managedFields?: Entry[] } | undefined)?.managedFields ?? []);
const entry = (obj: KubeObject | undefined, manager: string, operation = 'Update'): Entry | undefined => entries(obj).find((e) => e.manager === manager && e.operation === operation);
const configMap = (name: string, body: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\n${body}`;

describe('managedFields', () => {
  let server: ApiServer;
  let kubectl: Kubectl;

  before(async () => {
    server = await startApiServer();
    kubectl = await createKubectl(server.kubeconfigPath);
  });
  after(async () => {
    await kubectl.cleanup();
    await server.close();
  });

  const ok = async (args: string[], input?: string): Promise<string> => {
    const result = await kubectl.run(args, { input });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const get = (kind: string, name: string, apiVersion = 'v1'): KubeObject | undefined => server.getObject(apiVersion, kind, name, 'default');

  test('an Apply owns exactly what it applied, as a real API server recorded it for the same manifest', async () => {
    const real = parseYaml(await readFile(`${CONFORMANCE}/smd-deploy-live.yaml`, 'utf8')) as KubeObject;
    await ok(['apply', '--server-side', '--field-manager=argocd-controller', '-f', `${CONFORMANCE}/smd-deploy-config.yaml`]);
    const live = get('Deployment', 'nginx-deployment', 'apps/v1');
    // Keys and list items, `.` included, exactly as recorded; the defaults (progressDeadlineSeconds, ...) belong to no one.
    assert.deepEqual(entry(live, 'argocd-controller', 'Apply')?.fieldsV1, entry(real, 'argocd-controller', 'Apply')?.fieldsV1);
    const controller = (obj: KubeObject | undefined): Entry | undefined => entries(obj).find((e) => e.manager === 'kube-controller-manager' && e.subresource === 'status');
    assert.deepEqual(controller(live)?.fieldsV1, controller(real)?.fieldsV1);
    server.deleteObject('apps/v1', 'Deployment', 'nginx-deployment', 'default');
  });

  test('an Update takes the fields it changed: the server-side apply documentation example, as a real cluster recorded it', async () => {
    await ok(['apply', '--server-side', '--field-manager=bys', '-f', '-'], configMap('test-cm', '  labels:\n    test-label: test\ndata:\n  key: some value\n'));
    await ok(['patch', 'configmap', 'test-cm', '--patch={"data":{"key":"new value"}}']);
    const live = get('ConfigMap', 'test-cm');
    assert.deepEqual(entries(live).map((e) => [e.manager, e.operation, e.fieldsV1]), [
      ['bys', 'Apply', { 'f:metadata': { 'f:labels': { 'f:test-label': {} } } }],
      ['kubectl-patch', 'Update', { 'f:data': { 'f:key': {} } }],
    ]);
  });

  test('a changed field another manager owns is a conflict (409) unless forced; forcing takes it', async () => {
    const changed = configMap('test-cm', '  labels:\n    test-label: test\ndata:\n  key: applied again\n');
    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=bys', '-f', '-'], { input: changed });
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: \.data\.key/);
    assert.equal(server.requestLog.count({ verb: 'patch', resource: 'configmaps', code: 409 }), 1);
    assert.equal((get('ConfigMap', 'test-cm')?.data as Record<string, string>).key, 'new value');

    await ok(['apply', '--server-side', '--field-manager=bys', '--force-conflicts', '-f', '-'], changed);
    const live = get('ConfigMap', 'test-cm');
    assert.equal((live?.data as Record<string, string>).key, 'applied again');
    assert.deepEqual(entries(live).map((e) => e.manager), ['bys']);
  });

  test('a field the applier stops applying is removed, unless another manager owns it too', async () => {
    await ok(['apply', '--server-side', '-f', '-'], configMap('pruned', '  labels:\n    shared: "yes"\n    mine: "yes"\ndata:\n  keep: "1"\n  drop: "2"\n'));
    // An operator applies the same label: both own it.
    await ok(['apply', '--server-side', '--field-manager=operator', '-f', '-'], configMap('pruned', '  labels:\n    shared: "yes"\n'));
    await ok(['apply', '--server-side', '-f', '-'], configMap('pruned', 'data:\n  keep: "1"\n'));
    const live = get('ConfigMap', 'pruned') as { metadata: { labels?: Record<string, string> }; data: Record<string, string> };
    assert.deepEqual(live.data, { keep: '1' });
    assert.deepEqual(live.metadata.labels, { shared: 'yes' });
    assert.deepEqual(entry(live, 'kubectl', 'Apply')?.fieldsV1, { 'f:data': { 'f:keep': {} } });
  });

  test('kubectl scale is an Update of the scale subresource by kubectl, which takes replicas from the applier', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: scaled, namespace: default}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: s}}\n  template:\n    metadata: {labels: {app: s}}\n    spec: {containers: [{name: app, image: "nginx:1.27"}]}\n';
    await ok(['apply', '--server-side', '-f', '-'], deployment);
    await ok(['scale', 'deployment/scaled', '--replicas=5']);
    const live = get('Deployment', 'scaled', 'apps/v1');
    const scale = entries(live).find((e) => e.subresource === 'scale');
    assert.deepEqual([scale?.manager, scale?.operation, scale?.fieldsV1], ['kubectl', 'Update', { 'f:spec': { 'f:replicas': {} } }]);
    assert.equal((entry(live, 'kubectl', 'Apply')?.fieldsV1['f:spec'] as Record<string, unknown>)['f:replicas'], undefined);
    const conflict = await kubectl.run(['apply', '--server-side', '-f', '-'], { input: deployment });
    assert.match(conflict.stderr, /conflict with "kubectl" using apps\/v1 with subresource "scale": \.spec\.replicas/);
  });

  test('an Update also owns what the server defaulted in that request: client-side apply, kubectl create', async () => {
    await ok(['apply', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: csa, namespace: default}\nspec:\n  selector: {matchLabels: {app: c}}\n  template:\n    metadata: {labels: {app: c}}\n    spec: {containers: [{name: app, image: "nginx:1.27"}]}\n');
    const fields = entry(get('Deployment', 'csa', 'apps/v1'), 'kubectl-client-side-apply')?.fieldsV1 as { 'f:spec': Record<string, unknown> };
    assert.ok(fields['f:spec']['f:progressDeadlineSeconds'] && fields['f:spec']['f:strategy'], 'the defaults are owned by the client-side applier');
    const container = ((((fields['f:spec']['f:template'] as Record<string, unknown>)['f:spec'] as Record<string, unknown>)['f:containers'] as Record<string, unknown>)['k:{"name":"app"}']) as Record<string, unknown>;
    assert.ok(container['f:imagePullPolicy'] && container['f:terminationMessagePath']);

    await ok(['create', 'namespace', 'made-by-hand']);
    const namespace = server.getObject('v1', 'Namespace', 'made-by-hand', '');
    assert.deepEqual(entries(namespace).map((e) => [e.manager, e.fieldsV1]), [
      ['kubectl-create', { 'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } } }],
    ]);
    // What the storage allocates after the field manager (a Service's cluster IP) is no one's.
    await ok(['create', 'service', 'clusterip', 'made', '--tcp=80:8080']);
    const service = JSON.stringify(entries(get('Service', 'made')));
    assert.ok(!service.includes('clusterIP') && !service.includes('ipFamilies') && service.includes('f:sessionAffinity'), service);
  });

  test('kubectl apply --server-side over a client-side apply moves ownership to kubectl and keeps last-applied up to date', async () => {
    const manifest = (value: string): string => configMap('moved', `data:\n  key: ${value}\n`);
    await ok(['apply', '-f', '-'], manifest('one'));
    await ok(['apply', '--server-side', '-f', '-'], manifest('two'));
    const live = get('ConfigMap', 'moved');
    const managers = entries(live).map((e) => `${e.manager} ${e.operation}`).sort();
    assert.deepEqual(managers, ['kubectl Apply', 'kubectl-last-applied Apply']);
    const annotations = (live?.metadata as { annotations: Record<string, string> }).annotations;
    assert.equal(JSON.parse(annotations['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}').data.key, 'two');
    assert.deepEqual(entry(live, 'kubectl', 'Apply')?.fieldsV1, { 'f:data': { 'f:key': {} } });
  });
});
