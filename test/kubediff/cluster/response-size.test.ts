// Response bodies are bounded while they are read, before and after gzip: a
// hostile or broken API server (or a proxy in front of it) that sends
// gigabytes, an endless body or a small gzip bomb gets an error for the
// objects of that request, never a runner that grows until it is OOM-killed.
// A real loopback server sends the bodies. The bodies are valid JSON (a list
// followed by spaces), so without the bound they would be read whole and the
// objects reported missing.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createClusterReader, loadClusterConfig, objectKey, type FetchResult } from '../../../src/kubediff/cluster/index.js';
import { runCheck } from '../../../src/kubediff/check.js';
import type { ObjectRef } from '../../../src/kubediff/result.js';
import { silentLogger } from '../../../src/log/logger.js';

const MiB = 1024 * 1024;
const CAP = MiB;
const dir = mkdtempSync(join(tmpdir(), 'kubediff-response-size-'));
let server: Server;
let port: number;

type Answer = 'plain-oversized' | 'declared-oversized' | 'endless' | 'gzip-bomb' | 'big-gzip-bomb' | 'empty-gzip-members' | 'gzip-fine' | 'exact';
/** What the configmaps of namespace `default` answer (LIST and GET of cm-0); namespace `other` answers as usual. */
let answer: Answer;
let requests = 0;
let endlessClosed: Promise<void> | undefined;

const cm = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name }, data: { k: 'v' } });
/** cm-0 of `namespace` (a GET), or a list holding it (a LIST). */
const answerOf = (namespace: string, get: boolean) =>
  JSON.stringify(get ? cm(namespace, 'cm-0') : { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [cm(namespace, 'cm-0')] });
/** The answer followed by spaces up to `size` bytes: valid JSON of that size. */
const padded = (json: string, size: number) => Buffer.concat([Buffer.from(json), Buffer.alloc(size - json.length, ' ')]);
// Gzip members, each inflating to 1 MiB of spaces: n of them inflate to n MiB from about n KiB.
const SPACES_MEMBER = gzipSync(Buffer.alloc(MiB, ' '), { level: 9 });
const gzipBomb = (head: string, mib: number) => Buffer.concat([gzipSync(head), ...Array<Buffer>(mib).fill(SPACES_MEMBER)]);

function sendEndless(res: ServerResponse, head: string): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write(head);
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const more = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on('drain', more);
  endlessClosed = new Promise((resolve) => res.once('close', resolve));
  more();
}

before(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (body: Buffer | string, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
      res.end(body);
    };
    if (path === '/api') return send(JSON.stringify({ kind: 'APIVersions', versions: ['v1'] }));
    if (path === '/apis') return send(JSON.stringify({ kind: 'APIGroupList', groups: [] }));
    if (path === '/api/v1') {
      return send(JSON.stringify({ kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'] }] }));
    }
    if (path === '/api/v1/namespaces/other/configmaps') return send(answerOf('other', false));
    if (path === '/api/v1/namespaces/other/configmaps/cm-0') return send(answerOf('other', true));
    const get = path === '/api/v1/namespaces/default/configmaps/cm-0';
    if (!get && path !== '/api/v1/namespaces/default/configmaps') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end('{"kind":"Status","code":404}');
    }
    requests++;
    const head = answerOf('default', get);
    switch (answer) {
      case 'plain-oversized': {
        // Chunked (no Content-Length): only counting while reading can stop it.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write(head);
        return res.end(Buffer.alloc(2 * MiB, ' '));
      }
      case 'declared-oversized':
        return send(padded(head, 2 * MiB), { 'Content-Length': String(2 * MiB) });
      case 'endless':
        return sendEndless(res, head);
      case 'gzip-bomb':
        return send(gzipBomb(head, 16), { 'Content-Encoding': 'gzip' });
      case 'big-gzip-bomb':
        return send(gzipBomb(head, 300), { 'Content-Encoding': 'gzip' });
      case 'empty-gzip-members': {
        // 2 MiB of gzip members that inflate to nothing: only the bytes received grow.
        const empty = gzipSync(Buffer.alloc(0));
        return send(Buffer.concat([gzipSync(head), ...Array<Buffer>(Math.ceil((2 * MiB) / empty.length)).fill(empty)]), { 'Content-Encoding': 'gzip' });
      }
      case 'gzip-fine':
        return send(gzipSync(padded(head, CAP - 1000)), { 'Content-Encoding': 'gzip' });
      case 'exact':
        return send(padded(head, CAP));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  writeFileSync(
    join(dir, 'kubeconfig'),
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n`,
  );
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  requests = 0;
  endlessClosed = undefined;
});

const ref = (namespace: string): ObjectRef => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'cm-0' });

/** LISTs cm-0 of `default` (the answer under test) and of `other` (a normal answer) with a 1 MiB bound. */
async function fetchBoth(): Promise<{ inDefault: FetchResult | undefined; inOther: FetchResult | undefined }> {
  const config = loadClusterConfig({ kubeconfig: join(dir, 'kubeconfig'), env: {}, homeDir: dir });
  const reader = createClusterReader(config, { logger: silentLogger, maxResponseBytes: CAP, thresholds: { listMinObjects: 1, allNamespacesMin: 99 } });
  try {
    const results = await reader.fetchObjects([ref('default'), ref('other')], await reader.discover());
    return { inDefault: results.get(objectKey(ref('default'))), inOther: results.get(objectKey(ref('other'))) };
  } finally {
    reader.close();
  }
}

const tooLarge = (decompressed: boolean) =>
  new RegExp(
    `^cannot check ConfigMap default/cm-0 \\(v1\\): the answer to the request for configmaps in namespace default from 127\\.0\\.0\\.1:\\d+ is larger than 1 MiB${decompressed ? ' once decompressed \\(gzip\\)' : ''}: kubediff stopped reading it\\. A Kubernetes API server does not send such answers`,
  );

for (const [what, kind, decompressed] of [
  ['a body over the bound, sent chunked', 'plain-oversized', false],
  ['a Content-Length over the bound', 'declared-oversized', false],
  ['a gzip bomb (16 KiB inflating to 16 MiB)', 'gzip-bomb', true],
  ['gzip members that inflate to nothing, past the bound in bytes received', 'empty-gzip-members', false],
] as const) {
  test(`${what}: an error for the objects of that request, not retried; other requests are unaffected`, async () => {
    answer = kind;
    const { inDefault, inOther } = await fetchBoth();
    assert.ok(inDefault && 'error' in inDefault, JSON.stringify(inDefault));
    assert.match(inDefault.error.message, tooLarge(decompressed));
    assert.equal(inDefault.error.reason, 'too-large');
    assert.equal(requests, 1, 'the request is not retried');
    assert.ok(inOther && 'object' in inOther, `the other namespace's list is read as usual: ${JSON.stringify(inOther)}`);
  });
}

test('an endless body: reading stops at the bound and the connection is closed', async () => {
  answer = 'endless';
  const { inDefault } = await fetchBoth();
  assert.ok(inDefault && 'error' in inDefault, JSON.stringify(inDefault));
  assert.match(inDefault.error.message, tooLarge(false));
  assert.ok(endlessClosed, 'the server was asked');
  await endlessClosed; // the server sees the client go away (else this test would time out)
});

for (const [what, kind] of [
  ['a body of exactly the bound', 'exact'],
  ['a gzip body that inflates to just under the bound', 'gzip-fine'],
] as const) {
  test(`${what} is read`, async () => {
    answer = kind;
    const { inDefault } = await fetchBoth();
    assert.ok(inDefault && 'object' in inDefault, JSON.stringify(inDefault));
    assert.equal((inDefault.object.metadata as { name: string }).name, 'cm-0');
  });
}

test('the check, with the default bound (256 MiB): a GET answered with a gzip bomb inflating to 300 MiB is an error for the object (exit 1), not missing', async () => {
  answer = 'big-gzip-bomb';
  const manifest = join(dir, 'cm.yaml');
  writeFileSync(manifest, JSON.stringify(cm('default', 'cm-0')));
  const report = await runCheck({ paths: [manifest], kubeconfig: join(dir, 'kubeconfig'), env: {}, homeDir: dir }, { logger: silentLogger });
  assert.deepEqual(report.objects.map((o) => o.state), ['error']);
  assert.match(report.objects[0]!.error!.message, /the answer to the request for ConfigMap\/default\/cm-0 from 127\.0\.0\.1:\d+ is larger than 256 MiB once decompressed \(gzip\): kubediff stopped reading it/);
  assert.equal(report.exitCode, 1);
});
