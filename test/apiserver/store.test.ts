// The object store: etcd key order, one namespace at a time, revisions, history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectStore } from '../support/apiserver/store.js';

const names = (objects: Array<Record<string, unknown>>): string[] => objects.map((o) => String(o.id));

test('lists in key order, all namespaces or exactly one (prefixes of other names excluded)', () => {
  const store = new ObjectStore();
  const put = (namespace: string, name: string): void => store.put('/configmaps', namespace, name, { id: `${namespace}/${name}` }, store.nextRevision());
  for (const [namespace, name] of [['a', 'z'], ['a-b', 'x'], ['b', 'y'], ['a', 'c'], ['ab', 'q']] as const) put(namespace, name);
  assert.deepEqual(names(store.list('/configmaps')), ['a-b/x', 'a/c', 'a/z', 'ab/q', 'b/y']);
  assert.deepEqual(names(store.list('/configmaps', 'a')), ['a/c', 'a/z']);
  assert.deepEqual(names(store.list('/configmaps', 'a-b')), ['a-b/x']);
  assert.deepEqual(names(store.list('/configmaps', 'missing')), []);
  put('a', 'm');
  store.remove('/configmaps', 'a', 'z', store.nextRevision());
  assert.deepEqual(names(store.list('/configmaps', 'a')), ['a/c', 'a/m']);
});

test('events since a revision; a DELETED event carries the deletion revision', () => {
  const store = new ObjectStore();
  const first = store.nextRevision();
  store.put('/secrets', 'ns', 's', { metadata: { name: 's', resourceVersion: String(first) } }, first);
  const deletion = store.nextRevision();
  store.remove('/secrets', 'ns', 's', deletion);
  const events = store.eventsSince(first) ?? [];
  assert.deepEqual(events.map((e) => e.type), ['DELETED']);
  assert.equal((events[0]?.object.metadata as { resourceVersion: string }).resourceVersion, String(deletion));
  assert.deepEqual(store.eventsSince(store.currentRevision()), []);
});
