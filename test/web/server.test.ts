import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../src/log/logger.js';
import { RouteTable, sendText } from '../../src/web/routes.js';
import { CONTENT_SECURITY_POLICY, ListenError, startWebServer, type WebServer } from '../../src/web/server.js';

describe('web server and route table', () => {
  let server: WebServer;
  const routes = new RouteTable().add(
    { method: 'GET', path: '/hello', handler: (_req, res, url) => sendText(res, 200, `hello ${url.searchParams.get('name') ?? 'you'}\n`) },
    { method: 'GET', path: '/broken', handler: () => { throw new Error('handler bug'); } },
  );
  // What another feature does to add its own route, e.g. POST /-/sync.
  routes.add({ method: 'POST', path: '/-/sync', handler: (_req, res) => sendText(res, 202, 'run requested\n') });

  before(async () => {
    server = await startWebServer({ routes, host: '127.0.0.1', port: 0, address: '127.0.0.1:0', logger: silentLogger });
  });
  after(() => server.close());

  test('serves a route, with the query string parsed', async () => {
    const response = await fetch(`${server.url}/hello?name=a%20b`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'hello a b\n');
  });

  test('every response carries the strict CSP and nosniff', async () => {
    for (const path of ['/hello', '/nope']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/);
  });

  test('HEAD answers like GET without a body', async () => {
    const response = await fetch(`${server.url}/hello`, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });

  test('404 for unknown paths', async () => {
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    assert.equal((await fetch(`${server.url}/hello/`)).status, 404);
  });

  test('405 with Allow for other methods', async () => {
    const response = await fetch(`${server.url}/hello`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
    assert.equal((await fetch(`${server.url}/-/sync`)).status, 405);
  });

  test('added routes are served', async () => {
    const response = await fetch(`${server.url}/-/sync`, { method: 'POST' });
    assert.equal(response.status, 202);
  });

  test('a failing handler gives 500 and the server goes on', async () => {
    assert.equal((await fetch(`${server.url}/broken`)).status, 500);
    assert.equal((await fetch(`${server.url}/hello`)).status, 200);
  });

  test('the same method and path cannot be added twice', () => {
    assert.throws(() => routes.add({ method: 'GET', path: '/hello', handler: () => {} }), /already defined/);
  });

  test('an address in use is a ListenError naming the address', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(
        startWebServer({ routes, host: '127.0.0.1', port, address: `127.0.0.1:${port}`, logger: silentLogger }),
        (error: unknown) => error instanceof ListenError && error.address === `127.0.0.1:${port}` && /address already in use/.test(error.message),
      );
    } finally {
      blocker.close();
    }
  });
});
