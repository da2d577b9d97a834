// Seeding: conformance live objects come back exactly as recorded; files and
// folders load; generated objects are many, deterministic and fast to make.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { generateObjects, startApiServer, withLastApplied, type ApiServer, type KubeObject } from '../support/apiserver/index.js';
import { call } from './http.js';

const CONFORMANCE = fileURLToPath(new URL('../fixtures/conformance/gitops-engine', import.meta.url));

function liveObjects(): Array<{ file: string; object: KubeObject }> {
  return readdirSync(CONFORMANCE)
    .filter((name) => name.includes('-live.'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(CONFORMANCE, file), 'utf8');
      return { file, object: (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as KubeObject };
    });
}

function pathOf(object: KubeObject): string {
  const [group, version] = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/') : ['', String(object.apiVersion)];
  const metadata = object.metadata as { name: string; namespace?: string };
  const plural = `${String(object.kind).toLowerCase()}${String(object.kind).endsWith('s') ? '' : 's'}`.replace(/ys$/, 'ies');
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  return `${base}${metadata.namespace ? `/namespaces/${metadata.namespace}` : ''}/${plural}/${metadata.name}`;
}

describe('seeding', () => {
  let server: ApiServer;
  let dir: string;
  before(async () => {
    server = await startApiServer();
    dir = await mkdtemp(join(tmpdir(), 'kubediff-seed-'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('every conformance live object comes back over HTTP exactly as recorded', async () => {
    const live = liveObjects();
    assert.ok(live.length >= 10);
    // The files hold these objects at older apiVersions than a 1.31 server serves; they are stored as given otherwise.
    const seeded = live.map(({ object }) => {
      if (object.apiVersion === 'apps/v1beta1') return { ...object, apiVersion: 'apps/v1' };
      if (object.apiVersion === 'admissionregistration.k8s.io/v1beta1') return { ...object, apiVersion: 'admissionregistration.k8s.io/v1' };
      return object;
    });
    // One at a time: two of the files hold the same object at different moments.
    for (const object of seeded) {
      server.seedObjects([object]);
      const result = await call(server, 'GET', pathOf(object));
      assert.equal(result.status, 200, `${pathOf(object)}: ${JSON.stringify(result.body)}`);
      assert.deepEqual(result.body, object, pathOf(object));
    }
  });

  test('files and folders of YAML and JSON load, multi-document and List included', async () => {
    await writeFile(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-yaml, namespace: seeded}\ndata: {k: v}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: robot, namespace: seeded}\n');
    await writeFile(join(dir, 'b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'from-list', namespace: 'seeded' }, data: { k: 'dg==' } }] }));
    await writeFile(join(dir, 'notes.txt'), 'not a manifest');
    assert.equal(await server.seedFiles([dir]), 3);
    assert.deepEqual(server.getObject('v1', 'ConfigMap', 'from-yaml', 'seeded')?.data, { k: 'v' });
    assert.equal(server.getObject('v1', 'Namespace', 'seeded')?.kind, 'Namespace', 'missing namespaces are created');
    assert.deepEqual(server.listObjects('v1', 'Secret', 'seeded').map((s) => (s.metadata as { name: string }).name), ['from-list']);
  });

  test('generateObjects spreads kinds over namespaces, deterministically', () => {
    const options = { count: 12, kinds: ['ConfigMap', 'Deployment', 'Service'] as const, namespaces: ['a', 'b'], includeNamespaces: true };
    const objects = generateObjects({ ...options, kinds: [...options.kinds] });
    assert.deepEqual(objects, generateObjects({ ...options, kinds: [...options.kinds] }));
    assert.equal(objects.length, 14);
    const key = (o: KubeObject): string => `${String(o.kind)}/${String((o.metadata as { namespace?: string }).namespace ?? '')}`;
    const counts: Record<string, number> = {};
    for (const object of objects) counts[key(object)] = (counts[key(object)] ?? 0) + 1;
    assert.deepEqual(counts, { 'Namespace/': 2, 'ConfigMap/a': 2, 'ConfigMap/b': 2, 'Deployment/a': 2, 'Deployment/b': 2, 'Service/a': 2, 'Service/b': 2 });
  });

  test('10,000 generated objects apply through the API rules and list back', async () => {
    const objects = generateObjects({ count: 10_000, namespaces: 20 });
    assert.equal(objects.length, 10_000);
    for (const object of objects) server.apply(withLastApplied(object));
    const list = await call(server, 'GET', '/apis/apps/v1/namespaces/ns-3/deployments?limit=100');
    assert.equal(list.body.items.length, 100);
    assert.equal(list.body.metadata.remainingItemCount, 25);
    const first = list.body.items[0];
    assert.ok(first.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].endsWith('\n'));
    assert.equal(first.spec.progressDeadlineSeconds, 600);
  });

  test('withLastApplied writes the annotation as kubectl apply does (sorted keys, annotations {}, newline)', () => {
    const applied = withLastApplied({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', namespace: 'default' }, data: { b: '2', a: '1' } });
    const annotation = (applied.metadata as { annotations: Record<string, string> }).annotations['kubectl.kubernetes.io/last-applied-configuration'];
    assert.equal(annotation, '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"x","namespace":"default"}}\n');
  });
});
