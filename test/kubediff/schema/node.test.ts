// What the compiled schema says about real documents: the Kubernetes 1.33
// documents for built-in kinds (list types and keys with their defaults,
// Quantity and IntOrString references, atomic maps, what the decoder drops,
// what RawExtension keeps) and a document the emulator builds from a real
// controller-gen CRD (quantities marked int-or-string with the pattern,
// map lists, defaults, an inline object that declares nothing).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { OpenApiDocument, type SchemaNode } from '../../../src/kubediff/schema/index.js';
import { startApiServer } from '../../support/apiserver/index.js';

const openapi = async (file: string): Promise<OpenApiDocument> =>
  new OpenApiDocument(JSON.parse(await readFile(fileURLToPath(new URL(`../../fixtures/openapi/1.33/${file}`, import.meta.url)), 'utf8')));

function at(node: SchemaNode | undefined, ...path: Array<string | number>): SchemaNode {
  let current = node;
  for (const step of path) current = typeof step === 'number' ? current?.item() : current?.field(step);
  assert.ok(current, `no schema at ${path.join('.')}`);
  return current;
}

describe('schema nodes from real documents', () => {
  test('built-in lists: map lists with their keys and key defaults, atomic lists, strategic merge lists', async () => {
    const apps = await openapi('apis__apps__v1_openapi.json');
    const deployment = apps.forKind('apps', 'v1', 'Deployment');
    const podSpec = at(deployment, 'spec', 'template', 'spec');
    const containers = at(podSpec, 'containers');
    assert.equal(containers.listType, 'map');
    assert.deepEqual(containers.listKeys, [{ name: 'name' }]);
    const ports = at(containers, 0, 'ports');
    assert.equal(ports.listType, 'map');
    assert.deepEqual(ports.listKeys, [{ name: 'containerPort' }, { name: 'protocol', default: 'TCP' }]);
    assert.equal(at(containers, 0, 'args').listType, 'atomic');
    assert.equal(at(podSpec, 'tolerations').listType, 'atomic');
    assert.equal(at(deployment, 'metadata', 'finalizers').listType, 'set');
    assert.equal(at(deployment, 'spec', 'selector').mapType, 'atomic');
  });

  test('built-in values: Quantity and IntOrString by reference, anywhere', async () => {
    const core = await openapi('api__v1_openapi.json');
    const pod = core.forKind('', 'v1', 'Pod');
    const container = at(pod, 'spec', 'containers', 0);
    assert.equal(at(container, 'resources', 'limits', 'cpu').quantity, true);
    assert.equal(at(container, 'resources', 'requests', 'nvidia.com/gpu').quantity, true);
    assert.equal(at(pod, 'spec', 'volumes', 0, 'emptyDir', 'sizeLimit').quantity, true);
    assert.equal(at(container, 'image').quantity, false);
    assert.equal(at(container, 'livenessProbe', 'httpGet', 'port').intOrString, true);
    assert.equal(at(container, 'livenessProbe', 'httpGet', 'port').quantity, false);
    const service = core.forKind('', 'v1', 'Service');
    assert.equal(at(service, 'spec', 'ports', 0, 'targetPort').intOrString, true);
    assert.deepEqual(at(service, 'spec', 'ports').listKeys, [{ name: 'port' }, { name: 'protocol', default: 'TCP' }]);
    const quota = core.forKind('', 'v1', 'ResourceQuota');
    assert.equal(at(quota, 'spec', 'hard', 'requests.storage').quantity, true);
  });

  test('built-in pruning: undeclared fields are dropped; ObjectMeta declares its own; RawExtension keeps anything', async () => {
    const core = await openapi('api__v1_openapi.json');
    const pod = core.forKind('', 'v1', 'Pod');
    assert.equal(at(pod, 'spec', 'containers', 0).prunes('imagePullPolicyy'), true);
    assert.equal(at(pod, 'spec', 'containers', 0).prunes('imagePullPolicy'), false);
    assert.equal(at(pod, 'metadata').prunes('labels'), false);
    assert.equal(at(pod, 'metadata').prunes('lables'), true);
    assert.equal(at(pod, 'metadata', 'labels').prunes('anything'), false, 'a map declares every key');
    assert.equal(at(pod, 'metadata', 'managedFields', 0, 'fieldsV1').prunes('f:spec'), false, 'FieldsV1 is opaque');
    const apps = await openapi('apis__apps__v1_openapi.json');
    const revision = apps.forKind('apps', 'v1', 'ControllerRevision');
    assert.equal(at(revision, 'data').prunes('anything'), false, 'RawExtension holds any object');
    const sts = apps.forKind('apps', 'v1', 'StatefulSet');
    assert.equal(at(sts, 'spec', 'volumeClaimTemplates', 0).prunes('apiVersion'), false);
  });

  test('a controller-gen CRD as the server publishes it: quantities, map lists, defaults, pruning', async () => {
    const server = await startApiServer();
    try {
      const crdPath = fileURLToPath(new URL('../../fixtures/crds/kueue.x-k8s.io_clusterqueues.yaml', import.meta.url));
      server.apply(parseYaml(await readFile(crdPath, 'utf8')));
      const index = (await (await fetch(`${server.url}/openapi/v3`)).json()) as { paths: Record<string, { serverRelativeURL: string }> };
      const url = index.paths['apis/kueue.x-k8s.io/v1beta2']?.serverRelativeURL as string;
      const document = new OpenApiDocument(await (await fetch(server.url + url)).json());
      const queue = document.forKind('kueue.x-k8s.io', 'v1beta2', 'ClusterQueue');
      const flavors = at(queue, 'spec', 'resourceGroups', 0, 'flavors');
      assert.equal(flavors.listType, 'map');
      assert.deepEqual(flavors.listKeys, [{ name: 'name' }]);
      const resource = at(flavors, 0, 'resources', 0);
      assert.equal(at(resource, 'nominalQuota').quantity, true);
      assert.equal(at(resource, 'name').quantity, false);
      assert.equal(at(queue, 'spec', 'fairSharing', 'weight').quantity, true);
      assert.equal(at(queue, 'spec', 'queueingStrategy').default, 'BestEffortFIFO');
      assert.equal(at(queue, 'spec', 'namespaceSelector').mapType, 'atomic');
      assert.equal(at(queue, 'spec').prunes('bogus'), true);
      assert.equal(at(queue, 'metadata').prunes('labels'), false, 'root metadata is ObjectMeta');
      assert.equal(at(queue, 'metadata').prunes('bogus'), true);
      assert.equal(queue?.prunes('status'), false);
    } finally {
      await server.close();
    }
  });

  test('a document without components, and reference cycles, do not break anything', () => {
    assert.throws(() => new OpenApiDocument({ paths: {} }), /components/);
    const cyclic = new OpenApiDocument({
      components: {
        schemas: {
          A: { $ref: '#/components/schemas/B', 'x-kubernetes-group-version-kind': [{ group: 'x', version: 'v1', kind: 'A' }] },
          B: { allOf: [{ $ref: '#/components/schemas/A' }] },
        },
      },
    });
    const node = cyclic.forKind('x', 'v1', 'A');
    assert.ok(node);
    assert.equal(node.prunes('anything'), false);
  });
});
