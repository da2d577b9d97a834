// Clients that hold connections without asking anything (idle or slowloris)
// must not take every file descriptor of the runner: connections are bounded
// and headers must arrive in time.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { silentLogger } from '../../src/log/logger.js';
import { RouteTable, sendText } from '../../src/web/routes.js';
import { CONNECTION_LIMITS, startWebServer } from '../../src/web/server.js';
import { waitFor } from '../support/prom-run.js';

const routes = new RouteTable().add({ method: 'GET', path: '/', handler: (_request, response) => sendText(response, 200, 'ok\n') });

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket): Promise<string> {
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
  socket.on('error', () => undefined);
  return new Promise((resolve) => socket.once('close', () => resolve(data)));
}

test('the default bounds are finite', () => {
  assert.ok(CONNECTION_LIMITS.maxConnections > 0 && CONNECTION_LIMITS.maxConnections < 10_000);
  assert.ok(CONNECTION_LIMITS.headersTimeoutMs <= 30_000);
});

test('past the connection bound new connections are closed unanswered; once one goes, requests are served again', async (t) => {
  const server = await startWebServer({ routes, host: '127.0.0.1', port: 0, address: '127.0.0.1:0', logger: silentLogger, limits: { ...CONNECTION_LIMITS, maxConnections: 3 } });
  t.after(() => server.close());
  // Six clients that start a request and never finish it: three are let in (and wait), three are closed at once.
  const sockets: Socket[] = [];
  const refused: Socket[] = [];
  for (let i = 0; i < 6; i++) {
    const socket = await open(server.port);
    sockets.push(socket);
    void closed(socket).then((data) => data === '' && refused.push(socket));
    socket.write('GET / HTTP/1.1\r\n');
  }
  t.after(() => sockets.forEach((socket) => socket.destroy()));
  await waitFor(() => refused.length >= 3, { what: 'three connections to be refused' });
  assert.equal(refused.length, 3, 'only the connections past the bound are closed');
  sockets.find((socket) => !refused.includes(socket))?.destroy();
  const answer = await waitFor(async () => {
    const response = await fetch(`${server.url}/`, { headers: { Connection: 'close' } }).catch(() => undefined);
    return response?.status === 200 ? response : undefined;
  }, { what: 'a request to be served once a connection is free' });
  assert.equal(await answer.text(), 'ok\n');
});

test('a client that sends its headers slowly (slowloris) gets 408 and is closed', { timeout: 20_000 }, async (t) => {
  const server = await startWebServer({
    routes, host: '127.0.0.1', port: 0, address: '127.0.0.1:0', logger: silentLogger,
    // Node checks the timeouts every connectionsCheckingInterval (30 s by default): often here, for a quick test.
    createServer: (listener) => createServer({ connectionsCheckingInterval: 100 }, listener),
    limits: { ...CONNECTION_LIMITS, headersTimeoutMs: 500 },
  });
  t.after(() => server.close());
  const socket = await open(server.port);
  const done = closed(socket);
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
  t.after(() => clearInterval(drip));
  assert.match(await done, /^HTTP\/1\.1 408 /);
});
