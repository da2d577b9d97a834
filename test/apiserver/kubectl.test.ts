// The real kubectl against the emulated server over plain HTTP: apply (create,
// then update), get in every output, scale, delete, api-resources, CRDs and
// the errors kubectl prints for 403 and 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { createKubectl, type Kubectl } from './kubectl.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Container {
  name: string;
  image: string;
  resources?: { requests?: Record<string, string> };
  ports?: Array<{ containerPort: number; protocol: string }>;
}

describe('kubectl over HTTP', () => {
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
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };

  test('apply -f creates every object, with server defaults', async () => {
    const out = await ok(['apply', '-f', fixture('app-v1.yaml')]);
    assert.match(out, /namespace\/shop created/);
    assert.match(out, /deployment.apps\/web created/);
    assert.match(out, /service\/web created/);
    assert.match(out, /configmap\/settings created/);

    const deployment = JSON.parse(await ok(['get', 'deployment', 'web', '-n', 'shop', '-o', 'json']));
    assert.equal(deployment.metadata.generation, 1);
    assert.ok(deployment.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    assert.equal(deployment.spec.strategy.type, 'RollingUpdate');
    const containers = deployment.spec.template.spec.containers as Container[];
    assert.deepEqual(containers.map((c) => c.name), ['app', 'log-shipper']);
    assert.deepEqual(containers[0]?.resources?.requests, { cpu: '500m', memory: '1Gi' });
    assert.deepEqual(containers[0]?.ports, [{ containerPort: 80, protocol: 'TCP' }]);
    assert.equal(deployment.status.readyReplicas, 2);

    const service = JSON.parse(await ok(['get', 'service', 'web', '-n', 'shop', '-o', 'json']));
    assert.match(service.spec.clusterIP, /^10\.9\d\.\d+\.\d+$/);
    assert.deepEqual(service.spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });

  test('apply -f of a changed manifest patches the live object (new image, container removed)', async () => {
    const out = await ok(['apply', '-f', fixture('app-v2.yaml')]);
    assert.match(out, /deployment.apps\/web configured/);
    assert.match(out, /configmap\/settings unchanged/);
    const deployment = JSON.parse(await ok(['get', 'deployment', 'web', '-n', 'shop', '-o', 'json']));
    const containers = deployment.spec.template.spec.containers as Container[];
    assert.deepEqual(containers.map((c) => [c.name, c.image]), [['app', 'nginx:1.27']]);
    assert.equal(deployment.metadata.generation, 2);
    assert.equal(deployment.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    assert.equal(server.requestLog.count({ verb: 'patch', resource: 'deployments', code: 200 }), 1);
  });

  test('diff shows what applying would change (server-side dry run), and changes nothing', async () => {
    const before = server.getObject('apps/v1', 'Deployment', 'web', 'shop');
    const result = await kubectl.run(['diff', '-f', fixture('app-v1.yaml')]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^-\s+image: nginx:1.27$/m);
    assert.match(result.stdout, /^\+\s+image: nginx:1.25$/m);
    assert.match(result.stdout, /^\+\s+name: log-shipper$/m);
    assert.deepEqual(server.getObject('apps/v1', 'Deployment', 'web', 'shop'), before);
    assert.ok(server.requestLog.count({ verb: 'patch', resource: 'deployments' }) >= 2);
  });

  test('apply --server-side creates and updates, recorded as an Apply by kubectl', async () => {
    const manifest = (value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: shop}\ndata: {key: "${value}"}\n`;
    assert.match(await ok(['apply', '--server-side', '-f', '-'], manifest('one')), /configmap\/ssa serverside-applied/);
    await ok(['apply', '--server-side', '-f', '-'], manifest('two'));
    const live = server.getObject('v1', 'ConfigMap', 'ssa', 'shop') as { data: unknown; metadata: { managedFields: Array<{ manager: string; operation: string }> } };
    assert.deepEqual(live.data, { key: 'two' });
    assert.deepEqual(live.metadata.managedFields.map((m) => `${m.manager} ${m.operation}`), ['kubectl Apply']);
  });

  test('get -o yaml prints the stored object', async () => {
    const configMap = parseYaml(await ok(['get', 'configmap', 'settings', '-n', 'shop', '-o', 'yaml']));
    assert.equal(configMap.kind, 'ConfigMap');
    assert.deepEqual(configMap.data, { color: 'blue' });
  });

  test('get -A lists across namespaces with a NAMESPACE column', async () => {
    const out = await ok(['get', 'configmaps', '-A']);
    assert.match(out, /^NAMESPACE\s+NAME\s+DATA\s+AGE$/m);
    assert.match(out, /^shop\s+settings\s+1\s+\d+s$/m);
  });

  test('get prints the columns the server sends in a Table', async () => {
    const out = await ok(['get', 'deployments', '-n', 'shop', '-o', 'wide']);
    assert.match(out, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES$/m);
    assert.match(out, /^web\s+2\/2\s+2\s+2\s+\d+s\s+app\s+nginx:1.27$/m);
    const services = await ok(['get', 'services', '-n', 'shop']);
    assert.match(services, /^web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s$/m);
  });

  test('scale changes the replicas through the scale subresource', async () => {
    assert.match(await ok(['scale', 'deployment/web', '-n', 'shop', '--replicas=5']), /deployment.apps\/web scaled/);
    assert.equal(await ok(['get', 'deployment', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}/{.status.replicas}']), '5/5');
    assert.ok(server.requestLog.count({ resource: 'deployments', subresource: 'scale', verb: 'patch' }) >= 1);
  });

  test('get -w prints the objects, then changes as they happen', { timeout: 30_000 }, async () => {
    const watch = kubectl.start(['get', 'configmaps', '-n', 'shop', '-w', '-o', 'name']);
    try {
      await watch.waitFor(/configmap\/settings/);
      server.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched', namespace: 'shop' } });
      await watch.waitFor(/configmap\/watched/);
    } finally {
      await watch.stop();
    }
    assert.ok(server.requestLog.count({ verb: 'watch', resource: 'configmaps', namespace: 'shop' }) >= 1);
  });

  test('api-resources lists the built-in kinds', async () => {
    const out = await ok(['api-resources']);
    for (const line of [/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m, /^customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io\/v1\s+false\s+CustomResourceDefinition$/m]) {
      assert.match(out, line);
    }
  });

  test('a CRD, once applied, serves its custom resources', async () => {
    assert.match(await ok(['apply', '-f', fixture('crd.yaml')]), /customresourcedefinition.apiextensions.k8s.io\/widgets.example.com created/);
    assert.match(await ok(['apply', '-f', fixture('widget.yaml')]), /widget.example.com\/gizmo created/);
    const widget = JSON.parse(await ok(['get', 'widgets', 'gizmo', '-o', 'json']));
    assert.deepEqual(widget.spec, { size: 3, colors: ['red', 'green'] });
    assert.match(await ok(['get', 'wd']), /gizmo/);
    assert.match(await ok(['api-resources', '--api-group=example.com']), /^widgets\s+wd\s+example.com\/v1\s+true\s+Widget$/m);
  });

  test('delete removes objects, a namespace with its content, and a CRD with its kind', async () => {
    assert.match(await ok(['delete', 'deployment', 'web', '-n', 'shop']), /deployment.apps "web" deleted/);
    assert.equal((await kubectl.run(['get', 'deployment', 'web', '-n', 'shop'])).code, 1);
    assert.match(await ok(['delete', 'namespace', 'shop']), /namespace "shop" deleted/);
    assert.equal(server.getObject('v1', 'ConfigMap', 'settings', 'shop'), undefined);
    assert.equal(server.getObject('v1', 'Namespace', 'shop'), undefined);
    await ok(['delete', 'crd', 'widgets.example.com']);
    const gone = await kubectl.run(['get', 'widgets']);
    assert.notEqual(gone.code, 0);
    // kubectl still has the kind in its discovery cache, so it asks and gets 404, as from a real server.
    assert.match(gone.stderr, /Unable to list "example.com\/v1, Resource=widgets": the server could not find the requested resource/);
  });

  test('404: kubectl prints NotFound', async () => {
    const result = await kubectl.run(['get', 'deployment', 'nope', '-n', 'default']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Error from server \(NotFound\): deployments.apps "nope" not found/);
  });

  test('403: kubectl prints Forbidden for a forbidden resource', async () => {
    server.faults.forbid({ resource: 'secrets' });
    try {
      const result = await kubectl.run(['get', 'secrets', '-n', 'default']);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Error from server \(Forbidden\): secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" in the namespace "default"/);
    } finally {
      server.faults.clear();
    }
  });
});
