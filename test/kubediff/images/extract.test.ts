import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImageUses } from '../../../src/kubediff/images/collect.js';
import { containerImages } from '../../../src/kubediff/images/extract.js';

const podSpec = {
  initContainers: [{ name: 'migrate', image: 'app:migrations' }],
  containers: [{ name: 'app', image: 'app:1' }, { name: 'sidecar', image: 'envoy:1.30' }],
  ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
};

describe('containerImages', () => {
  test('finds containers, initContainers and ephemeralContainers in every workload shape', () => {
    const expected = [
      { image: 'app:1', container: 'app', field: 'containers' },
      { image: 'envoy:1.30', container: 'sidecar', field: 'containers' },
      { image: 'app:migrations', container: 'migrate', field: 'initContainers' },
      { image: 'busybox', container: 'debug', field: 'ephemeralContainers' },
    ];
    const shapes: Record<string, unknown>[] = [
      { kind: 'Pod', spec: podSpec },
      { kind: 'PodTemplate', template: { spec: podSpec } },
      ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController', 'Rollout'].map((kind) => ({ kind, spec: { template: { spec: podSpec } } })),
      { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } },
    ];
    for (const object of shapes) assert.deepEqual(containerImages(object), expected, String(object.kind));
  });

  test('objects without pod specs have no images; odd shapes never throw', () => {
    assert.deepEqual(containerImages({ kind: 'ConfigMap', data: { image: 'x' } }), []);
    assert.deepEqual(containerImages({ kind: 'Deployment', spec: { template: { spec: { containers: 'app' } } } }), []);
    assert.deepEqual(containerImages({ kind: 'Deployment', spec: null }), []);
    assert.deepEqual(containerImages({ kind: 'Pod', spec: { containers: [null, 3, { name: 'a', image: 7 }, { image: 'x' }, {}] } }), [
      { image: '7', container: 'a', field: 'containers' },
      { image: 'x', container: '#4', field: 'containers' },
      { image: '', container: '#5', field: 'containers' },
    ]);
  });
});

describe('ImageUses', () => {
  test('deduplicates by image as written; a container seen in git and live is one use found in both', () => {
    const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name });
    const deployment = (image: string) => ({ kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
    const uses = new ImageUses()
      .add([{ ref: ref('web'), object: deployment('shop:1') }, { ref: ref('api'), object: deployment('shop:1') }], 'git')
      .add([{ ref: ref('web'), object: deployment('shop:1') }, { ref: ref('api'), object: deployment('shop:0') }], 'live');
    assert.equal(uses.size, 2);
    assert.deepEqual(uses.entries(), [
      ['shop:1', [
        { object: ref('api'), container: 'app', field: 'containers', in: ['git'] },
        { object: ref('web'), container: 'app', field: 'containers', in: ['git', 'live'] },
      ]],
      ['shop:0', [{ object: ref('api'), container: 'app', field: 'containers', in: ['live'] }]],
    ]);
  });
});
