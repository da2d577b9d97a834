// A real HTTP server on loopback that answers as a fuzz case says: valid
// discovery (or broken discovery), and for each object a GET answer that is
// right, changed, absent, another object, another status, garbage, a lie about
// its encoding, or a dropped connection. Each behavior has the outcome the
// checker must report for it: an error is never drift, nor missing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { nastyString, nastyValue } from './hostile-text.js';

export type Behavior =
  | { readonly kind: 'same' }
  | { readonly kind: 'changed'; readonly value: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'other-name' }
  | { readonly kind: 'other-kind' }
  | { readonly kind: 'status'; readonly status: number; readonly body: string }
  | { readonly kind: 'garbage'; readonly body: string }
  | { readonly kind: 'gzip-lie' }
  | { readonly kind: 'gzip-same' }
  | { readonly kind: 'drop' };

/** What the checker must say for an object answered with the behavior. */
export function expectedState(behavior: Behavior): 'in-sync' | 'drifted' | 'missing' | 'error' {
  switch (behavior.kind) {
    case 'same':
    case 'gzip-same':
      return 'in-sync';
    case 'changed':
      return 'drifted';
    case 'absent':
      return 'missing';
    default:
      return 'error';
  }
}

// Statuses a server may send instead of 200 and 404 (1xx are not final answers; 429 and 5xx are retried, then errors).
const status = fc.oneof(fc.integer({ min: 201, max: 599 }).filter((s) => s !== 404 && s !== 304 && s !== 204 && s !== 205), fc.constantFrom(204, 301, 302, 401, 403, 410, 429, 500, 503));

export const behavior: fc.Arbitrary<Behavior> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'same' as const }) },
  { weight: 2, arbitrary: nastyString.map((value) => ({ kind: 'changed' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'absent' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'other-name' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'other-kind' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('status' as const), status, body: fc.oneof(nastyValue.map((v) => JSON.stringify(v) ?? ''), nastyString) }) },
  {
    weight: 2,
    arbitrary: fc.oneof(nastyValue.map((v) => JSON.stringify(v) ?? ''), nastyString, fc.constantFrom('{', '{"kind":', '[]', 'null', '"x"', '<html>proxy</html>'))
      .map((body) => ({ kind: 'garbage' as const, body })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'gzip-lie' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'gzip-same' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
);

/** Discovery answers: right, or broken in one of the ways a proxy or a broken aggregated API breaks it. */
export type DiscoveryFault = { readonly path: '/api' | '/apis' | '/api/v1'; readonly status: number; readonly body: string } | undefined;
export const discoveryFault: fc.Arbitrary<DiscoveryFault> = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.record({
      path: fc.constantFrom('/api' as const, '/apis' as const, '/api/v1' as const),
      status: fc.oneof(fc.constant(200), status),
      body: fc.oneof(nastyValue.map((v) => JSON.stringify(v) ?? ''), nastyString),
    }),
  },
);

/** Extra response headers that should change nothing (or be refused cleanly). */
export const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom('retry-after', 'content-type', 'warning', 'x-kubernetes-pf-flowschema-uid', 'audit-id', 'x-odd'),
  // No Retry-After that waits: a 429 or 5xx is retried, and each case must stay quick.
  fc.oneof(fc.constantFrom('0', '-1', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', 'application/json', 'text/html', 'application/yaml'), fc.stringMatching(/^[ -~]{0,40}$/).filter((v) => !/^\s*[1-9]/.test(v))),
  { maxKeys: 3 },
);

/** In a LIST, an object is an item or not: right, changed, absent, or an item of another kind under its name. */
export const listedBehavior: fc.Arbitrary<Behavior> = fc.oneof(
  fc.constant({ kind: 'same' as const }),
  nastyString.map((value) => ({ kind: 'changed' as const, value })),
  fc.constant({ kind: 'absent' as const }),
  fc.constant({ kind: 'other-kind' as const }),
);

/** The whole LIST answered wrong: every object of it is an error, except a Go-style `items: null` (an empty list: missing). */
export type ListFault =
  | { readonly kind: 'status'; readonly status: number; readonly body: string }
  | { readonly kind: 'garbage'; readonly body: string }
  | { readonly kind: 'no-items' | 'items-null' | 'endless' };
export const listFault: fc.Arbitrary<ListFault | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('status' as const), status, body: nastyString }) },
  { weight: 1, arbitrary: fc.oneof(nastyValue.map((v) => JSON.stringify(v) ?? ''), nastyString).map((body) => ({ kind: 'garbage' as const, body })) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'no-items' as const }, { kind: 'items-null' as const }, { kind: 'endless' as const }) },
);

export function expectedListedState(behavior: Behavior, fault: ListFault | undefined): 'in-sync' | 'drifted' | 'missing' | 'error' {
  if (fault?.kind === 'items-null') return 'missing';
  if (fault) return 'error';
  return expectedState(behavior);
}

/** The namespace of every object when the case is read with one LIST. */
export const LIST_NAMESPACE = 'shared';

export interface FuzzCase {
  readonly objects: readonly { readonly name: string; readonly behavior: Behavior }[];
  readonly discovery: DiscoveryFault;
  readonly headers: Record<string, string>;
  /** Set when the objects share one namespace and are read with a LIST. */
  readonly list?: { readonly fault: ListFault | undefined };
}

export const configMap = (name: string, namespace: string, value = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { key: value } });

/** Each object in namespace `ns-<i>`: one object per namespace, so each is read with a GET. */
export const namespaceOf = (i: number) => `ns-${i}`;

export class FuzzApiServer {
  private current: FuzzCase = { objects: [], discovery: undefined, headers: {} };
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FuzzApiServer> {
    const holder: { self?: FuzzApiServer } = {};
    const server = createServer((req, res) => holder.self?.answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.self = new FuzzApiServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.self;
  }

  set(fuzzCase: FuzzCase): void {
    this.current = fuzzCase;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answerList(req: IncomingMessage, send: (code: number, body: string) => void): void {
    const fault = this.current.list?.fault;
    const item = (name: string, value = '1', kind = 'ConfigMap') => ({ ...configMap(name, LIST_NAMESPACE, value), kind, metadata: { name, namespace: LIST_NAMESPACE, uid: `uid-${name}` } });
    switch (fault?.kind) {
      case 'status': return send(fault.status, fault.body);
      case 'garbage': return send(200, fault.body);
      case 'no-items': return send(200, JSON.stringify({ kind: 'ConfigMapList', metadata: {} }));
      case 'items-null': return send(200, JSON.stringify({ kind: 'ConfigMapList', metadata: {}, items: null }));
      case 'endless': return send(200, JSON.stringify({ kind: 'ConfigMapList', metadata: { continue: `token-${req.url?.length ?? 0}` }, items: [] }));
    }
    const items = this.current.objects.flatMap(({ name, behavior: b }) => {
      if (b.kind === 'same') return [item(name)];
      if (b.kind === 'changed') return [item(name, b.value === '1' ? '2' : b.value)];
      if (b.kind === 'other-kind') return [item(name, '1', 'Secret')];
      return [];
    });
    send(200, JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items }));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const { discovery, objects } = this.current;
    const headers = { 'Content-Type': 'application/json', 'Retry-After': '0', ...this.current.headers };
    const send = (code: number, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(code, { ...headers, ...extra });
      res.end(code === 204 ? undefined : body);
    };
    if (discovery && discovery.path === path) return send(discovery.status, discovery.body);
    if (path === '/api') return send(200, JSON.stringify({ kind: 'APIVersions', versions: ['v1'] }));
    if (path === '/apis') return send(200, JSON.stringify({ kind: 'APIGroupList', groups: [] }));
    if (path === '/api/v1') {
      return send(200, JSON.stringify({ kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'list'] }] }));
    }
    if (this.current.list && path === `/api/v1/namespaces/${LIST_NAMESPACE}/configmaps`) return this.answerList(req, send);
    const match = /^\/api\/v1\/namespaces\/ns-(\d+)\/configmaps\/([^/]+)$/.exec(path);
    const index = match ? Number(match[1]) : -1;
    const wanted = objects[index];
    if (!match || !wanted || decodeURIComponent(match[2]!) !== wanted.name) return send(404, JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound' }));
    const live = (value = '1', name = wanted.name) => JSON.stringify({ ...configMap(name, namespaceOf(index), value), metadata: { name, namespace: namespaceOf(index), uid: `uid-${index}`, resourceVersion: '1' } });
    const b = wanted.behavior;
    switch (b.kind) {
      case 'same': return send(200, live());
      case 'changed': return send(200, live(b.value === '1' ? '2' : b.value));
      case 'absent': return send(404, JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound', message: `configmaps "${wanted.name}" not found` }));
      case 'other-name': return send(200, live('1', `${wanted.name}-other`));
      case 'other-kind': return send(200, JSON.stringify({ ...JSON.parse(live()), kind: 'Secret' }));
      case 'status': return send(b.status, b.body);
      case 'garbage': return send(200, b.body);
      case 'gzip-lie': return send(200, live(), { 'Content-Encoding': 'gzip' });
      case 'gzip-same': return send(200, gzipSync(live()), { 'Content-Encoding': 'gzip' });
      case 'drop': return void req.socket.destroy();
    }
  }
}
