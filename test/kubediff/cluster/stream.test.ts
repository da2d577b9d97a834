// Live objects are handed over as their LIST page arrives, not after the whole
// list: the check compares each and lets it go, so a run never holds every
// live object at once. Each object is handed over exactly once, also when an
// expired continue token restarts the list, and the rest end up notFound.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiServer } from '../../support/apiserver/index.js';
import type { FetchResult } from '../../../src/kubediff/cluster/index.js';
import { objectKey } from '../../../src/kubediff/cluster/index.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';
import { configMap, readerFor, startServer } from './harness.js';

const COUNT = 1200; // three pages of 500
const refs: ObjectRef[] = Array.from({ length: COUNT }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: `cm-${String(i).padStart(4, '0')}` }));
const absent: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'not-there' };

let server: ApiServer;
before(async () => {
  server = await startServer();
  for (const r of refs) server.apply(configMap('default', r.name));
});
after(() => server.close());

test('objects are handed over page by page, each once, before the next page is asked for', async () => {
  server.requestLog.clear();
  const reader = readerFor(server);
  const discovery = await reader.discover();
  const seen = new Map<string, FetchResult>();
  let listsAtFirstObject: number | undefined;
  const kept = await reader.fetchObjects([...refs, absent], discovery, (key, result) => {
    listsAtFirstObject ??= server.requestLog.count({ verb: 'list', resource: 'configmaps' });
    assert.equal(seen.has(key), false, `${key} handed over twice`);
    seen.set(key, result);
  });
  reader.close();
  assert.equal(kept.size, 0, 'nothing is kept when the caller takes the results');
  assert.equal(listsAtFirstObject, 1, 'the first object came with the first page');
  assert.equal(server.requestLog.count({ verb: 'list', resource: 'configmaps' }), 3);
  assert.equal(seen.size, COUNT + 1);
  assert.ok(refs.every((r) => 'object' in (seen.get(objectKey(r)) ?? {})));
  assert.deepEqual(seen.get(objectKey(absent)), { notFound: true });
});

test('an expired continue token restarts the list without handing anything over twice', async () => {
  const reader = readerFor(server);
  const discovery = await reader.discover();
  const seen = new Set<string>();
  let expired = false;
  await reader.fetchObjects(refs, discovery, (key) => {
    assert.equal(seen.has(key), false, `${key} handed over twice`);
    seen.add(key);
    if (!expired) {
      expired = true;
      server.faults.expireContinueTokens();
    }
  });
  reader.close();
  assert.equal(seen.size, COUNT);
  assert.ok(server.requestLog.count({ verb: 'list', resource: 'configmaps', code: 410 }) >= 1, 'the list was restarted');
});
