// /openapi/v3 as kube-apiserver serves it: the real 1.33 documents for the
// built-in group-versions (byte for byte), documents built from CRD schemas,
// hashes in the index that name the bytes served, redirects for stale hashes,
// caching headers, and real kubectl explaining built-in and custom kinds.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';
import { createKubectl } from './kubectl.js';

const openapiFile = (name: string): string => fileURLToPath(new URL(`../fixtures/openapi/1.33/${name}`, import.meta.url));
const crdFile = (name: string): string => fileURLToPath(new URL(`../fixtures/crds/${name}`, import.meta.url));

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function raw(server: ApiServer, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const sha512 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('hex').toUpperCase();

async function loadCrd(server: ApiServer, file: string): Promise<void> {
  server.apply(parseYaml(await readFile(crdFile(file), 'utf8')));
}

describe('/openapi/v3', () => {
  let server: ApiServer;

  before(async () => {
    server = await startApiServer();
  });
  after(async () => {
    await server.close();
  });

  test('serves the real documents of the built-in group-versions unchanged, under the hash of their bytes', async () => {
    const index = (await call(server, 'GET', '/openapi/v3')).body;
    for (const [gvPath, file] of [['api/v1', 'api__v1_openapi.json'], ['apis/apps/v1', 'apis__apps__v1_openapi.json']] as const) {
      const expected = await readFile(openapiFile(file));
      const url = index.paths[gvPath].serverRelativeURL as string;
      assert.equal(url, `/openapi/v3/${gvPath}?hash=${sha512(expected)}`);
      const served = await raw(server, url);
      assert.equal(served.status, 200);
      assert.ok(served.body.equals(expected), `${gvPath} is served byte for byte`);
      assert.equal(served.headers['cache-control'], 'public, immutable');
      assert.equal(served.headers.etag, `"${sha512(expected)}"`);
    }
  });

  test('a stale hash is redirected to the current one; a matching If-None-Match gets 304', async () => {
    const stale = await raw(server, '/openapi/v3/apis/apps/v1?hash=0123');
    assert.equal(stale.status, 301);
    const current = (await call(server, 'GET', '/openapi/v3')).body.paths['apis/apps/v1'].serverRelativeURL;
    assert.equal(stale.headers.location, current);
    const etag = (await raw(server, current)).headers.etag as string;
    assert.equal((await raw(server, current, { 'if-none-match': etag })).status, 304);
    assert.equal((await raw(server, '/openapi/v3/apis/nothing.example.com/v1')).status, 404);
  });

  test('a CRD adds a document per served version, built from its schema as kube-apiserver builds it', async () => {
    await loadCrd(server, 'kueue.x-k8s.io_clusterqueues.yaml');
    const index = (await call(server, 'GET', '/openapi/v3')).body;
    const url = index.paths['apis/kueue.x-k8s.io/v1beta2'].serverRelativeURL as string;
    assert.ok(index.paths['apis/kueue.x-k8s.io/v1beta1']);
    const document = (await call(server, 'GET', url)).body;
    const schemas = document.components.schemas;
    const cq = schemas['io.x-k8s.kueue.v1beta2.ClusterQueue'];
    assert.deepEqual(cq['x-kubernetes-group-version-kind'], [{ group: 'kueue.x-k8s.io', version: 'v1beta2', kind: 'ClusterQueue' }]);
    assert.equal(cq.properties.metadata.$ref, '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels, 'ObjectMeta comes with the document');
    assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry'], 'and what ObjectMeta refers to');
    const flavors = cq.properties.spec.properties.resourceGroups.items.properties.flavors;
    assert.equal(flavors['x-kubernetes-list-type'], 'map');
    assert.deepEqual(flavors['x-kubernetes-list-map-keys'], ['name']);
    const quota = flavors.items.properties.resources.items.properties.nominalQuota;
    assert.equal(quota['x-kubernetes-int-or-string'], true);
    assert.deepEqual(quota.anyOf, [{ type: 'integer' }, { type: 'string' }], 'int-or-string is published unfolded');
    assert.equal(schemas['io.x-k8s.kueue.v1beta2.ClusterQueueList'].properties.items.items.$ref, '#/components/schemas/io.x-k8s.kueue.v1beta2.ClusterQueue');
    const item = document.paths['/apis/kueue.x-k8s.io/v1beta2/clusterqueues/{name}'];
    assert.ok(item.patch.parameters.some((p: { name: string }) => p.name === 'fieldValidation'));

    // Deleting the CRD takes its documents away.
    assert.equal((await call(server, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusterqueues.kueue.x-k8s.io')).status, 200);
    const after = (await call(server, 'GET', '/openapi/v3')).body;
    assert.equal(after.paths['apis/kueue.x-k8s.io/v1beta2'], undefined);
  });

  test('real kubectl explains built-in and custom kinds from these documents', async () => {
    await loadCrd(server, 'kueue.x-k8s.io_clusterqueues.yaml');
    const kubectl = await createKubectl(server.kubeconfigPath);
    try {
      const builtin = await kubectl.run(['explain', 'deployment.spec.strategy']);
      assert.equal(builtin.code, 0, builtin.stderr);
      assert.match(builtin.stdout, /rollingUpdate\s+<RollingUpdateDeployment>/);
      const custom = await kubectl.run(['explain', 'clusterqueue.spec.queueingStrategy']);
      assert.equal(custom.code, 0, custom.stderr);
      assert.match(custom.stdout, /KIND:\s+ClusterQueue/);
      assert.match(custom.stdout, /BestEffortFIFO/);
    } finally {
      await kubectl.cleanup();
    }
  });
});
