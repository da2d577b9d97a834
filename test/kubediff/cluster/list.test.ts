// Paginated LISTs: pages of 500, and an expired continue token restarts the list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../support/apiserver/index.js';
import { createApiClient } from '../../../src/kubediff/cluster/api-client.js';
import { loadClusterConfig, objectKey } from '../../../src/kubediff/cluster/index.js';
import { listCollection } from '../../../src/kubediff/cluster/list.js';
import { createRequestCounter } from '../../../src/kubediff/cluster/request-counter.js';
import { createTransport } from '../../../src/kubediff/cluster/transport.js';
import type { ResourceInfo } from '../../../src/kubediff/cluster/discovery.js';
import { silentLogger } from '../../../src/log/logger.js';
import { dirname } from 'node:path';
import { configMap, countsOf, FAST_RETRIES, readerFor, startServer } from './harness.js';

const configmaps: ResourceInfo = { resource: 'configmaps', namespaced: true, group: '', version: 'v1', kind: 'ConfigMap', verbs: ['list'] };
const COUNT = 1234;

describe('paginated lists', () => {
  let server: ApiServer;
  before(async () => {
    server = await startServer();
    server.seedObjects(Array.from({ length: COUNT }, (_, i) => configMap('big', `cm-${i}`)));
  });
  after(() => server.close());

  function client() {
    const config = loadClusterConfig({ kubeconfig: server.kubeconfigPath, env: {}, homeDir: dirname(server.kubeconfigPath) });
    const counter = createRequestCounter();
    return { counter, client: createApiClient(createTransport(config, { logger: silentLogger }), { deadlineMs: 30_000, logger: silentLogger, counter, policy: FAST_RETRIES }) };
  }

  test('a list is read in pages of 500 with apiVersion and kind set on each item', async () => {
    const { client: c, counter } = client();
    const names = new Set<string>();
    await listCollection(c, configmaps, 'big', 'configmaps in big', (item) => {
      assert.equal(item.apiVersion, 'v1');
      assert.equal(item.kind, 'ConfigMap');
      names.add(String((item.metadata as Record<string, unknown>).name));
    });
    assert.equal(names.size, COUNT);
    assert.deepEqual(counter.counts(), [{ verb: 'list', result: '200', count: 3 }]);
    assert.ok(server.requestLog.filter({ verb: 'list', resource: 'configmaps' }).every((e) => /limit=500/.test(e.query)));
    c.close();
  });

  test('an expired continue token (410 Gone) restarts the list from the beginning', async () => {
    const { client: c, counter } = client();
    let expired = false;
    let restarts = 0;
    const names = new Set<string>();
    await listCollection(
      c,
      configmaps,
      'big',
      'configmaps in big',
      (item) => {
        // Expire the tokens while the first page is being read, before the second is asked for.
        if (!expired) {
          expired = true;
          server.faults.expireContinueTokens();
        }
        names.add(String((item.metadata as Record<string, unknown>).name));
      },
      () => {
        restarts++;
        names.clear();
      },
    );
    assert.equal(restarts, 1);
    assert.equal(names.size, COUNT);
    assert.deepEqual(counter.counts(), [
      { verb: 'list', result: '200', count: 4 },
      { verb: 'list', result: '410', count: 1 },
    ]);
    c.close();
  });

  test('fetchObjects finds objects on any page', async () => {
    const reader = readerFor(server);
    const refs = [0, 499, 500, 1233, 5000].map((i) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'big', name: `cm-${i}` }));
    const results = await reader.fetchObjects(refs, await reader.discover());
    assert.deepEqual(
      refs.map((r) => Object.keys(results.get(objectKey(r)) ?? {})[0]),
      ['object', 'object', 'object', 'object', 'notFound'],
    );
    assert.equal(countsOf(reader)['list 200'], 3);
  });
});
