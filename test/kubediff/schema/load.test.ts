// Reading the cluster's OpenAPI v3 schemas from the emulated server: only the
// group-versions asked for, each counted, kept by hash for the next run and
// fetched again only when the hash changes; unavailable schemas (403, no
// OpenAPI v3, a hung request, a broken document) are one notice, never an error.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { createSchemaCache, loadSchemas } from '../../../src/kubediff/schema/index.js';
import type { ApiServer } from '../../support/apiserver/index.js';
import { countsOf, readerFor, startServer } from '../cluster/harness.js';

const crd = async (name: string): Promise<Record<string, unknown>> => parseYaml(await readFile(fileURLToPath(new URL(`../../fixtures/crds/${name}`, import.meta.url)), 'utf8'));

describe('loading OpenAPI v3 schemas', () => {
  let server: ApiServer;

  before(async () => {
    server = await startServer();
    server.apply(await crd('kueue.x-k8s.io_clusterqueues.yaml'));
  });
  after(async () => {
    await server.close();
  });

  test('reads the index and only the documents of the group-versions asked for', async () => {
    const reader = readerFor(server);
    const load = await loadSchemas(reader, ['apps/v1', 'kueue.x-k8s.io/v1beta2', 'apps/v1']);
    assert.deepEqual(countsOf(reader), { 'openapi 200': 3 });
    assert.deepEqual(load.use, { state: 'used', groupVersions: 2, fetched: 2, cached: 0, missing: [] });
    assert.deepEqual(load.notices, []);
    assert.ok(load.schemas.forKind('apps/v1', 'Deployment'));
    assert.ok(load.schemas.forKind('kueue.x-k8s.io/v1beta2', 'ClusterQueue'));
    assert.equal(load.schemas.forKind('v1', 'ConfigMap'), undefined, 'core/v1 was not asked for');
    const paths = server.requestLog.entries.filter((e) => e.path.startsWith('/openapi')).map((e) => e.path);
    assert.deepEqual(paths.sort(), ['/openapi/v3', '/openapi/v3/apis/apps/v1', '/openapi/v3/apis/kueue.x-k8s.io/v1beta2']);
    reader.close();
  });

  test('a second run with the same cache reads only the index; a changed document is read again', async () => {
    const cache = createSchemaCache();
    const first = readerFor(server);
    await loadSchemas(first, ['v1', 'kueue.x-k8s.io/v1beta2'], cache);
    cache.endRun();
    first.close();

    const second = readerFor(server);
    const again = await loadSchemas(second, ['v1', 'kueue.x-k8s.io/v1beta2'], cache);
    cache.endRun();
    assert.deepEqual(countsOf(second), { 'openapi 200': 1 });
    assert.deepEqual(again.use, { state: 'used', groupVersions: 2, fetched: 0, cached: 2, missing: [] });
    assert.ok(again.schemas.forKind('v1', 'Pod'));
    second.close();

    // The CRD's schema changes: its document gets a new hash and is read again; core/v1 is kept.
    const queues = await crd('kueue.x-k8s.io_clusterqueues.yaml');
    const versions = (queues.spec as { versions: Array<{ name: string; schema: { openAPIV3Schema: Record<string, unknown> } }> }).versions;
    for (const version of versions) version.schema.openAPIV3Schema.description = 'changed';
    server.apply(queues);
    const third = readerFor(server);
    const changed = await loadSchemas(third, ['v1', 'kueue.x-k8s.io/v1beta2'], cache);
    assert.deepEqual(changed.use, { state: 'used', groupVersions: 2, fetched: 1, cached: 1, missing: [] });
    assert.deepEqual(countsOf(third), { 'openapi 200': 2 });
    third.close();
  });

  test('a group-version the index does not list is named in a notice and compared without schema', async () => {
    const reader = readerFor(server);
    const load = await loadSchemas(reader, ['apps/v1', 'nothing.example.com/v1']);
    assert.deepEqual(load.use.missing, ['nothing.example.com/v1']);
    assert.equal(load.use.groupVersions, 1);
    assert.equal(load.notices.length, 1);
    assert.match(load.notices[0] as string, /no OpenAPI v3 schema for nothing\.example\.com\/v1/);
    reader.close();
  });

  test('a 403 on /openapi/v3 is one notice and no schema, never an error', async () => {
    server.faults.forbid({ path: '/openapi/v3' });
    try {
      const reader = readerFor(server);
      const load = await loadSchemas(reader, ['apps/v1', 'v1']);
      assert.equal(load.use.state, 'unavailable');
      assert.equal(load.notices.length, 1);
      assert.match(load.notices[0] as string, /HTTP 403/);
      assert.match(load.notices[0] as string, /built-in rules/);
      assert.equal(load.schemas.forKind('apps/v1', 'Deployment'), undefined);
      assert.deepEqual(countsOf(reader), { 'openapi 403': 1 });
      reader.close();
    } finally {
      server.faults.clear();
    }
  });

  test('a server before OpenAPI v3 (404) and a hung index: one notice each', async () => {
    server.faults.failNext({ status: 404, path: '/openapi/v3', count: 1 });
    const old = readerFor(server);
    const load = await loadSchemas(old, ['apps/v1']);
    assert.match(load.notices[0] as string, /does not serve OpenAPI v3/);
    assert.equal(load.use.state, 'unavailable');
    old.close();

    server.faults.failNext({ hang: true, path: '/openapi/v3', count: 5 });
    const hung = readerFor(server, { requestTimeoutMs: 200, retryPolicy: { maxAttempts: 2, maxConnectAttempts: 1, baseDelayMs: 5, maxDelayMs: 10 } });
    try {
      const timedOut = await loadSchemas(hung, ['apps/v1']);
      assert.equal(timedOut.use.state, 'unavailable');
      assert.match(timedOut.notices[0] as string, /could not be read: .*no response within 200 ms/);
    } finally {
      server.faults.clear();
      hung.close();
    }
  });

  test('a document that fails is a notice for its group-version; the others are used', async () => {
    server.faults.failNext({ status: 500, path: '/openapi/v3/apis/apps/v1', count: 10 });
    try {
      const reader = readerFor(server);
      const load = await loadSchemas(reader, ['apps/v1', 'v1']);
      assert.equal(load.use.state, 'used');
      assert.deepEqual(load.use.missing, ['apps/v1']);
      assert.ok(load.schemas.forKind('v1', 'Service'));
      assert.match(load.notices[0] as string, /schemas of apps\/v1 \(HTTP 500/);
      reader.close();
    } finally {
      server.faults.clear();
    }
  });
});
