// Property: whatever a client sends to prom-run's web server — any method,
// path tricks (dot segments, percent escapes, double slashes, control and
// non-ASCII bytes, very long), any query (the page's filter with hostile
// values), odd or conflicting headers, bodies, pipelined requests, garbage —
// the server answers it (never a 5xx), never reflects request text raw (the
// page escapes, the text answers carry no control character), keeps serving
// everyone else, and its memory stays bounded over the cases. prom-run runs
// as cmd/prom-run.ts starts it (real runner, scheduler, web server), with the
// built-in checker's report of a small cluster on its page.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { generateWorkload, liveObject, writeManifests } from '../../bench/workload.js';
import { silentLogger } from '../../src/log/logger.js';
import { parseRunnerArgs } from '../../src/runner/config.js';
import { startPromRun, type PromRun } from '../../src/runner/prom-run.js';
import { startApiServer, type ApiServer } from '../support/apiserver/index.js';
import { waitFor } from '../support/prom-run.js';
import { collectGarbage, fuzzParameters, settledHeap } from './fuzz-settings.js';
import { nastyString } from './hostile-text.js';

// Text that would be markup or a terminal command if it came back raw.
const MARKER = '<x-fuzz onload=1>';
const ROUTES = ['/', '/output.txt', '/api/status', '/metrics', '/assets/app.css', '/assets/app.js', '/assets/kubediff.css', '/assets/kubediff.js'];

let server: ApiServer;
let app: PromRun;
let dir: string;
let port: number;
let gc: () => void;

before(async () => {
  gc = collectGarbage();
  dir = await mkdtemp(join(tmpdir(), 'kubediff-fuzz-web-'));
  server = await startApiServer();
  const { namespaces, objects } = generateWorkload(30);
  server.seedObjects([...namespaces, ...objects.map((object, i) => liveObject(object, i))]);
  writeManifests(join(dir, 'manifests'), objects);
  const args = parseRunnerArgs(['-period=24h', '-timeout=5m', '-listen-addr=127.0.0.1:0', 'kubediff', '--kubeconfig', server.kubeconfigPath, join(dir, 'manifests')]);
  assert.ok(args.action === 'run');
  app = await startPromRun(args.config, { logger: silentLogger, env: {}, homeDir: dir, version: 'fuzz' });
  port = Number(new URL(app.url).port);
  // The page with a report on it: the filter, the objects and their differences are rendered.
  await waitFor(() => (app.scheduler.status().latest?.check ? true : undefined), { what: 'the first run', timeoutMs: 300_000 });
});
after(async () => {
  await app?.stop();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Percent-encoding of the UTF-8 bytes, as a browser sends a form (a lone surrogate goes as U+FFFD). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const pathSegment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', '.', '..', '%2e', '%2E%2e', '%2f', '%00', '%0a', '%zz', '%', 'api', 'status', 'metrics', 'output.txt', 'assets', 'app.js', MARKER, '\u001b[2J', 'é', '\u00ff', ';x', '#frag') },
  { weight: 4, arbitrary: fc.stringMatching(/^[-a-zA-Z0-9._~!$&'()*+,;=:@%]{0,12}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => 'a'.repeat(n)) },
);
const path = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ROUTES) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), fc.array(pathSegment, { maxLength: 3 })).map(([route, rest]) => [route, ...rest].join('/')) },
  { weight: 2, arbitrary: fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join('/')}`) },
  { weight: 1, arbitrary: fc.constantFrom('*', 'http://example.com/', '//', '/./api/status', '/api/../api/status', '/API/STATUS', 'api/status', '') },
);
// The page's own filter parameters with hostile values, and anything else.
const query = fc.oneof(
  fc.constant(''),
  fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom('ns', 'kind', 'state', 'q', 'q', 'format', '__proto__'), nastyString),
      fc.oneof(nastyString, fc.constant(MARKER), fc.constantFrom('drifted', 'missing', 'error', 'in-sync', 'ConfigMap', 'bench-01')),
      // Sent percent-encoded as a browser would, or raw as a hostile client might.
      fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    ),
    { minLength: 1, maxLength: 4 },
  ).map((pairs) => `?${pairs.map(([k, v, raw]) => `${percentEncode(k)}=${raw ? v : percentEncode(v)}`).join('&')}`),
  fc.constantFrom('?', '??', '?&&=', '?q', '?q=%', '?q=%ZZ', `?q=${MARKER}`, '?ns=a&ns=b', `?q=${'x'.repeat(10_000)}`),
);
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'HEAD') },
  { weight: 2, arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'PROPFIND', 'SEARCH', 'QUERY') },
  { weight: 1, arbitrary: fc.constantFrom('get', 'G ET', 'GET\u0000', 'BREW', '') },
);
const header = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(
    'Accept-Encoding: gzip, deflate, br, *',
    'Accept: text/html;q=0.9, */*',
    'Range: bytes=0-10, 5-1, -1',
    'If-None-Match: *',
    'If-Modified-Since: yesterday',
    'Expect: 100-continue',
    'Connection: upgrade, keep-alive',
    'Upgrade: websocket',
    'Host: ',
    'Host: a, b',
    'Content-Type: application/json',
    'Cookie: a=b; __proto__=x',
    'X-Forwarded-For: 1.1.1.1, ::1',
    'Transfer-Encoding: gzip',
    `Referer: ${MARKER}`,
  ) },
  { weight: 3, arbitrary: fc.tuple(fc.stringMatching(/^[-A-Za-z0-9!#$%&'*+.^_`|~]{1,20}$/), fc.stringMatching(/^[ -~]{0,40}$/)).map(([k, v]) => `${k}: ${v}`) },
  { weight: 1, arbitrary: fc.tuple(fc.stringMatching(/^[-A-Za-z0-9!#$%&'*+.^_`|~]{1,20}$/), fc.string({ unit: 'binary-ascii', maxLength: 40 })).map(([k, v]) => `${k}: ${v}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => `X-Long: ${'v'.repeat(n)}`) },
);
const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ kind: 'length' as const, text })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ kind: 'chunked' as const, text })) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'raw' as const, text: 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' }, { kind: 'raw' as const, text: 'Content-Length: -1\r\n\r\n' }, { kind: 'raw' as const, text: 'Transfer-Encoding: chunked\r\n\r\nzz\r\n' }) },
);
const request = fc.record({ method, path, query, headers: fc.array(header, { maxLength: 4 }), body, version: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('HTTP/1.1', 'HTTP/1.0') }, { weight: 1, arbitrary: fc.constantFrom('HTTP/0.9', 'HTTP/2.0', 'HTTP/1.1 x', 'http/1.1') }), pipelined: fc.boolean() });
const garbage = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s)));

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function encode(r: Request): Buffer {
  const lines = [`${r.method} ${r.path}${r.query} ${r.version}`, 'Host: 127.0.0.1', ...r.headers, 'Connection: close'];
  let tail = '\r\n';
  if (r.body?.kind === 'length') {
    lines.push(`Content-Length: ${Buffer.byteLength(r.body.text)}`);
    tail += r.body.text;
  }
  if (r.body?.kind === 'chunked') {
    lines.push('Transfer-Encoding: chunked');
    tail += `${Buffer.byteLength(r.body.text).toString(16)}\r\n${r.body.text}\r\n0\r\n\r\n`;
  }
  const head = `${lines.join('\r\n')}\r\n${r.body?.kind === 'raw' ? r.body.text : tail}`;
  // A second request on the same connection after the first, as a pipelining client sends it.
  const text = r.pipelined ? `${head.replace('Connection: close', 'Connection: keep-alive')}GET /output.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n` : head;
  // latin1: a request line may carry any byte, as a raw client sends it.
  return Buffer.from(text, 'latin1');
}

/** Sends bytes on a fresh connection, half-closes it, and returns everything the server sends until it closes. */
function exchange(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.end(bytes);
  });
}

interface Answer {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/** The responses in what the server sent (several for a pipelined exchange). */
function answers(raw: Buffer): Answer[] {
  const text = raw.toString('latin1');
  const found: Answer[] = [];
  const starts = [...text.matchAll(/HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/g)];
  starts.forEach((match, i) => {
    const end = starts[i + 1]?.index ?? text.length;
    const message = text.slice(match.index, end);
    const split = message.indexOf('\r\n\r\n');
    found.push({ status: Number(match[1]), headers: split === -1 ? message : message.slice(0, split), body: split === -1 ? '' : message.slice(split + 4) });
  });
  return found;
}

// eslint-disable-next-line no-control-regex -- raw control characters are what must not come back
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const statuses = new Map<string, number>();

function checkAnswers(raw: Buffer, label: string): void {
  const all = answers(raw);
  if (all.length === 0) statuses.set('closed', (statuses.get('closed') ?? 0) + 1);
  for (const answer of all) {
    statuses.set(String(answer.status), (statuses.get(String(answer.status)) ?? 0) + 1);
    assert.ok(answer.status < 500, `${label}: answered ${answer.status}\n${answer.headers}\n${answer.body.slice(0, 500)}`);
    const type = /content-type: ([^\r\n;]*)/i.exec(answer.headers)?.[1]?.toLowerCase() ?? '';
    if (type === 'text/html' || type === 'text/plain') {
      assert.ok(!answer.body.includes(MARKER), `${label}: the request's markup came back raw (${type})`);
    }
    // Assets are ours; every other answer that is text must not carry a control character from the request.
    if (type === 'text/plain' || type === 'application/json') {
      // Percent-decoded then re-sent bytes are latin1 here: look at the body as UTF-8 text.
      const body = Buffer.from(answer.body, 'latin1').toString('utf8');
      assert.ok(!RAW_CONTROL.test(body), `${label}: a raw control character in a ${type} answer: ${JSON.stringify(body.slice(0, 300))}`);
    }
  }
}

async function stillServing(): Promise<void> {
  const response = await fetch(`${app.url}/api/status`, { headers: { Connection: 'close' } });
  assert.equal(response.status, 200);
  await response.arrayBuffer();
}

test('any HTTP request to the page: answered below 500, nothing reflected raw, the server keeps serving', { timeout: 30 * 60_000 }, async (t) => {
  let cases = 0;
  const heapBefore = settledHeap(gc);
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 6, arbitrary: request.map((r) => ({ r, bytes: encode(r) })) }, { weight: 1, arbitrary: garbage.map((g) => ({ r: undefined, bytes: Buffer.from(g) })) }), async ({ r, bytes }) => {
      cases++;
      const raw = await exchange(bytes);
      checkAnswers(raw, r ? `${r.method} ${r.path.slice(0, 200)}${r.query.slice(0, 200)} ${r.version}` : 'garbage');
      await stillServing();
    }),
    fuzzParameters(150),
  );
  t.diagnostic(`${cases} cases; answers by status: ${[...statuses].sort().map(([status, n]) => `${status} ${n}`).join(', ')}`);
  // Many requests (about a quarter) must reach the routes, not only the parser's 400: else the cases test nothing.
  assert.ok((statuses.get('200') ?? 0) > cases / 10, `too few requests were served: ${JSON.stringify([...statuses])}`);
  // What the cases left behind (connections, parsers, cached pages) is let go.
  const growth = settledHeap(gc) - heapBefore;
  assert.ok(growth < 32 * 1024 * 1024, `heap grew ${Math.round(growth / 1024 / 1024)} MB over ${cases} cases`);
});

test('a client that sends a request and reads nothing back does not hold the page for others', async () => {
  // Requests sent, answers never read: the server must not wait on them to answer anyone else.
  const sockets = await Promise.all(Array.from({ length: 20 }, () => new Promise<import('node:net').Socket>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    socket.pause();
    socket.write('GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(50));
  })));
  try {
    await stillServing();
  } finally {
    for (const socket of sockets) socket.destroy();
  }
});
