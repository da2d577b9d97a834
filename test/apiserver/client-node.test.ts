// @kubernetes/client-node reads, lists and watches through the emulated server,
// over plain HTTP and over HTTPS with the CA and bearer token from the kubeconfig.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KubeConfig, KubernetesObjectApi, Watch, type KubernetesObject } from '@kubernetes/client-node';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';

function configMap(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data: { key: name } };
}

for (const tls of [false, true]) {
  describe(`client-node over ${tls ? 'HTTPS' : 'HTTP'}`, () => {
    let server: ApiServer;
    let kubeConfig: KubeConfig;

    before(async () => {
      server = await startApiServer({ tls });
      server.apply(configMap('alpha', { tier: 'front' }));
      server.apply(configMap('beta', { tier: 'back' }));
      kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(server.kubeconfigPath);
    });
    after(() => server.close());

    test('reads one object', async () => {
      const api = KubernetesObjectApi.makeApiClient(kubeConfig);
      const read = await api.read<KubernetesObject & { data?: Record<string, string> }>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'alpha', namespace: 'default' } });
      assert.equal(read.metadata?.name, 'alpha');
      assert.deepEqual(read.data, { key: 'alpha' });
      if (tls) assert.equal(server.requestLog.count({ authorization: 'none', resource: 'configmaps' }), 0);
    });

    test('lists with a label selector', async () => {
      const api = KubernetesObjectApi.makeApiClient(kubeConfig);
      const list = await api.list('v1', 'ConfigMap', 'default', undefined, undefined, undefined, undefined, 'tier=back');
      assert.deepEqual(list.items.map((item) => item.metadata?.name), ['beta']);
    });

    test('watches a list: existing objects, then changes', { timeout: 20_000 }, async () => {
      const events: string[] = [];
      let seen: () => void = () => undefined;
      const allSeen = new Promise<void>((resolve) => (seen = resolve));
      const watch = new Watch(kubeConfig);
      const controller = await watch.watch(
        '/api/v1/namespaces/default/configmaps',
        { labelSelector: 'tier' },
        (phase, obj: KubernetesObject) => {
          events.push(`${phase} ${obj.metadata?.name ?? ''}`);
          if (events.length === 4) seen();
        },
        () => undefined,
      );
      try {
        // Wait until the watch has delivered the two existing objects before changing anything.
        while (events.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
        server.apply(configMap('gamma', { tier: 'front' }));
        server.deleteObject('v1', 'ConfigMap', 'alpha');
        await allSeen;
        assert.deepEqual(events, ['ADDED alpha', 'ADDED beta', 'ADDED gamma', 'DELETED alpha']);
      } finally {
        controller.abort();
      }
    });
  });
}
