// An https agent whose connections are tunnels through an http proxy: each
// new connection is a CONNECT host:port to the proxy, then TLS to the
// registry inside it (the certificate checked against the registry's name, as
// without a proxy). Tunnels are kept alive and reused like direct connections.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { RegistryNetworkError } from './http-error.js';
import { describeProxy, proxyAuthorization } from './proxy.js';

type Callback = (error: Error | null, socket?: Duplex) => void;

export function createTunnelAgent(proxy: URL, options: https.AgentOptions, timeoutMs: number): https.Agent {
  const authorization = proxyAuthorization(proxy);
  const via = describeProxy(proxy);
  const agent = new https.Agent(options);
  // Node's Agent calls createConnection(options, callback) for each new
  // socket and takes the callback's socket when it returns nothing.
  (agent as unknown as { createConnection: (o: tls.ConnectionOptions & { host: string; port: number }, cb: Callback) => undefined }).createConnection = (target, callback) => {
    const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
    const connect = http.request({
      hostname: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...(authorization ? { 'proxy-authorization': authorization } : {}) },
      agent: false,
    });
    let settled = false;
    // Our own timer, not the request's socket timeout, which would stay on the tunnel's socket once it is open.
    const timer = setTimeout(() => connect.destroy(new RegistryNetworkError('ETIMEDOUT', `${authority} (through the proxy ${via}): the proxy did not open a tunnel within ${timeoutMs / 1000}s`)), timeoutMs);
    const finish = (error: Error | null, socket?: Duplex) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      callback(error, socket);
    };
    connect.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        finish(new RegistryNetworkError('EPROXY', `${authority}: the proxy ${via} refused the tunnel with HTTP ${res.statusCode ?? 0}${res.statusCode === 407 ? ' (it wants credentials: user:password in the proxy URL)' : ''}`));
        return;
      }
      const secure = tls.connect({ ...target, socket, servername: target.servername || (isIpAddress(target.host) ? '' : target.host) });
      finish(null, secure);
    });
    connect.on('error', (error) => finish(error instanceof RegistryNetworkError ? error : new RegistryNetworkError((error as NodeJS.ErrnoException).code ?? 'EPROXY', `${authority}: the proxy ${via} could not be reached (${(error as NodeJS.ErrnoException).code ?? error.message})`, { cause: error })));
    connect.end();
    return undefined;
  };
  return agent;
}

function isIpAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
