// Watch over raw HTTP: initial ADDED events, resuming from a resourceVersion,
// selector transitions, timeoutSeconds, and 410 for a resourceVersion too old.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { call } from './http.js';

interface WatchEvent {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  object: any;
}

/** Opens a watch and reads its newline-delimited events one by one. */
async function openWatch(server: ApiServer, path: string): Promise<{ next(): Promise<WatchEvent | undefined>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}${path}`, { signal: controller.signal });
  assert.equal(response.status, 200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next() {
      for (;;) {
        const newline = buffered.indexOf('\n');
        if (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          return JSON.parse(line) as WatchEvent;
        }
        const { value, done } = await reader.read();
        if (done) return undefined;
        buffered += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

const CM = '/api/v1/namespaces/default/configmaps';
const configMap = (name: string, labels: Record<string, string> = {}): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels } });
const summary = (event: WatchEvent | undefined): string => `${event?.type} ${event?.object.metadata.name}`;

describe('watch', { timeout: 30_000 }, () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer();
    server.apply(configMap('first', { watch: 'yes' }));
  });
  after(() => server.close());

  test('starts with the current objects as ADDED, then streams changes with kind and apiVersion', async () => {
    const watch = await openWatch(server, `${CM}?watch=true`);
    try {
      assert.equal(summary(await watch.next()), 'ADDED first');
      server.apply({ ...configMap('first', { watch: 'yes' }), data: { v: '2' } });
      const modified = await watch.next();
      assert.equal(summary(modified), 'MODIFIED first');
      assert.equal(modified?.object.kind, 'ConfigMap');
      assert.equal(modified?.object.apiVersion, 'v1');
      server.deleteObject('v1', 'ConfigMap', 'first');
      assert.equal(summary(await watch.next()), 'DELETED first');
    } finally {
      watch.close();
    }
  });

  test('resumes after a list resourceVersion with only the later changes', async () => {
    server.apply(configMap('a'));
    const list = (await call(server, 'GET', CM)).body;
    server.apply(configMap('b'));
    const watch = await openWatch(server, `${CM}?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    try {
      assert.equal(summary(await watch.next()), 'ADDED b');
    } finally {
      watch.close();
    }
  });

  test('a label selector turns relabeling into ADDED and DELETED', async () => {
    const watch = await openWatch(server, `${CM}?watch=true&labelSelector=tier%3Dfront`);
    try {
      server.apply(configMap('c', { tier: 'back' }));
      server.apply(configMap('c', { tier: 'front' }));
      assert.equal(summary(await watch.next()), 'ADDED c');
      server.apply(configMap('c', { tier: 'back' }));
      assert.equal(summary(await watch.next()), 'DELETED c');
    } finally {
      watch.close();
    }
  });

  test('timeoutSeconds ends the stream', async () => {
    const watch = await openWatch(server, `/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=1`);
    assert.equal(await watch.next(), undefined);
  });

  test('a resourceVersion older than the history gets an ERROR event with 410 Expired', async () => {
    for (let i = 0; i < 10_001; i++) server.apply({ ...configMap('churn'), data: { i: String(i) } });
    const watch = await openWatch(server, `${CM}?watch=true&resourceVersion=2`);
    try {
      const event = await watch.next();
      assert.equal(event?.type, 'ERROR');
      assert.equal(event?.object.code, 410);
      assert.equal(event?.object.reason, 'Expired');
      assert.equal(await watch.next(), undefined);
    } finally {
      watch.close();
    }
  });
});
