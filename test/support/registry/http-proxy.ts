// A forward proxy as companies run them (squid, an egress gateway), on
// 127.0.0.1: CONNECT tunnels for https targets and absolute-form requests
// (`HEAD http://host/path`) for http ones, optionally behind Basic
// Proxy-Authorization. It knows no DNS: every target must be one the test
// maps to a loopback address (names under .test, which never resolve), so a
// request that reaches a registry can only have come through it, and nothing
// leaves the machine. Every request is recorded, the refused ones too.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** CONNECT, or the method of a forwarded request. */
  readonly method: string;
  /** host:port for CONNECT, the absolute URL otherwise. */
  readonly target: string;
  /** The answer: 200 (tunnel open or forwarded), 407, or 502 for a target not mapped. */
  status: number;
}

export interface HttpProxy {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

export interface HttpProxyOptions {
  /** host:port as the client names it -> 127.0.0.1:port. */
  readonly map: ReadonlyMap<string, string>;
  /** Required Basic credentials, if any. */
  readonly credentials?: readonly [string, string];
}

export async function startHttpProxy(options: HttpProxyOptions): Promise<HttpProxy> {
  const requests: ProxiedRequest[] = [];
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials.join(':')).toString('base64')}` : undefined;
  const allowed = (header: string | undefined) => expected === undefined || header === expected;
  const sockets = new Set<net.Socket>();

  const server = http.createServer((req, res) => {
    const record: ProxiedRequest = { method: req.method ?? '', target: req.url ?? '', status: 0 };
    requests.push(record);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      record.status = 400;
      res.writeHead(400).end();
      return;
    }
    if (!allowed(req.headers['proxy-authorization'])) {
      record.status = 407;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test-proxy"' }).end();
      return;
    }
    const upstream = options.map.get(target.host);
    if (!upstream) {
      record.status = 502;
      res.writeHead(502).end();
      return;
    }
    const [hostname, port] = upstream.split(':') as [string, string];
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const forward = http.request({ hostname, port: Number(port), method: req.method ?? 'GET', path: `${target.pathname}${target.search}`, headers }, (answer) => {
      record.status = answer.statusCode ?? 0;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const record: ProxiedRequest = { method: 'CONNECT', target: req.url ?? '', status: 0 };
    requests.push(record);
    if (!allowed(req.headers['proxy-authorization'])) {
      record.status = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test-proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = options.map.get(req.url ?? '');
    if (!upstream) {
      record.status = 502;
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [hostname, port] = upstream.split(':') as [string, string];
    const tunnel = net.connect(Number(port), hostname, () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) tunnel.write(head);
      tunnel.pipe(client);
      client.pipe(tunnel);
    });
    sockets.add(tunnel);
    tunnel.on('close', () => sockets.delete(tunnel));
    tunnel.on('error', () => client.destroy());
    client.on('close', () => tunnel.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
