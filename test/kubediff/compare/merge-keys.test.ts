import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { indexByKey, itemKey, listStrategy } from '../../../src/kubediff/compare/merge-keys.js';
import { fieldSite, itemSite, ROOT, type Site } from '../../../src/kubediff/compare/site.js';

/** The site of a dotted path, list items written as `[]`: `spec.template.spec.containers[].ports`. */
function siteOf(path: string): Site {
  let site = ROOT;
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    site = fieldSite(site, list ? part.slice(0, -2) : part);
    if (list) site = itemSite(site, 0);
  }
  return site;
}

describe('listStrategy', () => {
  test('pod spec lists are keyed by their strategic-merge keys', () => {
    const keyOf = (path: string): string => JSON.stringify(listStrategy('Deployment', siteOf(path)));
    for (const list of ['containers', 'initContainers', 'ephemeralContainers', 'volumes', 'imagePullSecrets']) {
      assert.match(keyOf(`spec.template.spec.${list}`), /"fields":\[\{"name":"name"\}\]/, list);
    }
    assert.match(keyOf('spec.template.spec.containers[].env'), /"name":"name"/);
    assert.match(keyOf('spec.template.spec.containers[].volumeMounts'), /"name":"mountPath"/);
    assert.match(keyOf('spec.template.spec.hostAliases'), /"name":"ip"/);
    assert.match(keyOf('spec.template.spec.initContainers[].ports'), /"containerPort".*"protocol","default":"TCP"/);
  });

  test('ports are keyed by kind: Service by port+protocol, Endpoints as a set', () => {
    assert.deepEqual(listStrategy('Service', siteOf('spec.ports')), {
      type: 'keyed', fields: [{ name: 'port' }, { name: 'protocol', default: 'TCP' }], set: false,
    });
    const endpoints = listStrategy('Endpoints', siteOf('subsets[].ports'));
    assert.ok(endpoints.type === 'keyed' && endpoints.set);
    const addresses = listStrategy('Endpoints', siteOf('subsets[].addresses'));
    assert.ok(addresses.type === 'keyed' && addresses.set);
    assert.equal(listStrategy('Ingress', siteOf('spec.ports')).type, 'atomic');
  });

  test('webhooks, CRD versions and ServiceAccount secrets are keyed by name; finalizers are a scalar set', () => {
    assert.equal(listStrategy('MutatingWebhookConfiguration', siteOf('webhooks')).type, 'keyed');
    assert.equal(listStrategy('ValidatingWebhookConfiguration', siteOf('webhooks')).type, 'keyed');
    assert.equal(listStrategy('CustomResourceDefinition', siteOf('spec.versions')).type, 'keyed');
    assert.equal(listStrategy('ServiceAccount', siteOf('secrets')).type, 'keyed');
    assert.equal(listStrategy('ConfigMap', siteOf('metadata.finalizers')).type, 'scalars');
  });

  test('args, command, envFrom, tolerations and rules are atomic', () => {
    for (const path of ['spec.template.spec.containers[].args', 'spec.template.spec.containers[].command', 'spec.template.spec.containers[].envFrom', 'spec.template.spec.tolerations']) {
      assert.equal(listStrategy('Deployment', siteOf(path)).type, 'atomic', path);
    }
    assert.equal(listStrategy('ClusterRole', siteOf('rules')).type, 'atomic');
  });
});

describe('itemKey and indexByKey', () => {
  const ports = listStrategy('Deployment', siteOf('spec.template.spec.containers[].ports'));

  test('formats readable keys, with the protocol default filled in', () => {
    assert.equal(itemKey({ containerPort: 80 }, ports), 'containerPort=80,protocol=TCP');
    assert.equal(itemKey({ containerPort: 53, protocol: 'UDP' }, ports), 'containerPort=53,protocol=UDP');
    assert.equal(itemKey({ name: 'app' }, listStrategy('Deployment', siteOf('spec.template.spec.containers'))), 'name=app');
    assert.equal(itemKey({ name: 'a b' }, listStrategy('Deployment', siteOf('spec.template.spec.containers'))), 'name="a b"');
    assert.equal(itemKey('kubernetes.io/pvc-protection', { type: 'scalars' }), 'kubernetes.io/pvc-protection');
  });

  test('gives up (atomic) on an item without a key or a duplicate key', () => {
    assert.equal(itemKey({ name: 'x' }, ports), undefined);
    assert.equal(indexByKey([{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }], ports), undefined);
    assert.equal(indexByKey([{ containerPort: 80 }, 'text'], ports), undefined);
    assert.deepEqual([...(indexByKey([{ containerPort: 80 }, { containerPort: 81 }], ports)?.keys() ?? [])], [
      'containerPort=80,protocol=TCP',
      'containerPort=81,protocol=TCP',
    ]);
  });
});
