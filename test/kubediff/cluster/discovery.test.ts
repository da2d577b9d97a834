// Aggregated discovery (two requests) and the legacy documents (one per group
// version, fetched concurrently) describe the same types.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import type { ApiServer } from '../../support/apiserver/index.js';
import { createApiClient } from '../../../src/kubediff/cluster/api-client.js';
import { discover } from '../../../src/kubediff/cluster/discovery.js';
import { loadClusterConfig } from '../../../src/kubediff/cluster/index.js';
import { createRequestCounter } from '../../../src/kubediff/cluster/request-counter.js';
import { createTransport } from '../../../src/kubediff/cluster/transport.js';
import { silentLogger } from '../../../src/log/logger.js';
import { FAST_RETRIES, startServer } from './harness.js';

let server: ApiServer;
before(async () => {
  server = await startServer();
  server.apply({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'backups.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { plural: 'backups', singular: 'backup', kind: 'Backup', listKind: 'BackupList' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
        { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      ],
    },
  });
});
after(() => server.close());

const probes: Array<[string, string]> = [
  ['v1', 'ConfigMap'],
  ['v1', 'Namespace'],
  ['apps/v1', 'Deployment'],
  ['batch/v1', 'CronJob'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['example.com/v1', 'Backup'],
  ['example.com/v1beta1', 'Backup'],
  ['apps/v1', 'Scale'],
  ['v1', 'Nothing'],
];

test('aggregated and legacy discovery agree, CRD versions included', async () => {
  const config = loadClusterConfig({ kubeconfig: server.kubeconfigPath, env: {}, homeDir: dirname(server.kubeconfigPath) });
  const run = async (aggregated: boolean) => {
    const counter = createRequestCounter();
    const client = createApiClient(createTransport(config, { logger: silentLogger }), { deadlineMs: 30_000, logger: silentLogger, counter, policy: FAST_RETRIES });
    const discovery = await discover(client, { aggregated });
    client.close();
    const view = probes.map(([apiVersion, kind]) => {
      const info = discovery.lookup(apiVersion, kind);
      return info && { resource: info.resource, namespaced: info.namespaced, group: info.group, version: info.version };
    });
    return { view, requests: counter.counts().reduce((n, c) => n + c.count, 0) };
  };
  const aggregated = await run(true);
  const legacy = await run(false);
  assert.deepEqual(aggregated.view, legacy.view);
  assert.deepEqual(aggregated.view.slice(-4), [
    { resource: 'backups', namespaced: false, group: 'example.com', version: 'v1' },
    { resource: 'backups', namespaced: false, group: 'example.com', version: 'v1beta1' },
    undefined, // subresources are not kinds of their own
    undefined,
  ]);
  assert.equal(aggregated.requests, 2);
  assert.ok(legacy.requests > 10, `legacy discovery asks each group version (${legacy.requests} requests)`);
});

test('a group version whose discovery fails is remembered as an error; the others are still served', async () => {
  const config = loadClusterConfig({ kubeconfig: server.kubeconfigPath, env: {}, homeDir: dirname(server.kubeconfigPath) });
  const counter = createRequestCounter();
  const client = createApiClient(createTransport(config, { logger: silentLogger }), { deadlineMs: 30_000, logger: silentLogger, counter, policy: FAST_RETRIES });
  server.faults.failNext({ status: 503, count: 100, path: '/apis/batch/v1' });
  try {
    const discovery = await discover(client, { aggregated: false });
    assert.equal(discovery.lookup('batch/v1', 'Job'), undefined);
    assert.equal(discovery.groupVersionError('batch/v1')?.status, 503);
    assert.equal(discovery.groupVersionError('apps/v1'), undefined);
    assert.equal(discovery.lookup('apps/v1', 'Deployment')?.resource, 'deployments');
  } finally {
    server.faults.clear();
    client.close();
  }
});
