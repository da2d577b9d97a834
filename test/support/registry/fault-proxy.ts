// A small HTTP proxy in front of a test registry (or token service) that
// records every request and, when told, answers some of them itself: 429
// with a Retry-After, 5xx, any other status, or a dropped connection. The
// rest are forwarded as they are, headers included (WWW-Authenticate,
// Docker-Content-Digest), so clients see the real registry behind it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  /** Only requests whose path matches (default: all). */
  readonly path?: RegExp;
  /** How many matching requests get the fault (default: every one). */
  times?: number;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Close the connection without answering. */
  readonly drop?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  /** The status answered (by the fault or the registry); 0 for a dropped connection. */
  status: number;
}

export interface FaultProxy {
  /** 127.0.0.1:<port> */
  readonly host: string;
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly faults: Fault[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const server = http.createServer((req, res) => {
    const record: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, status: 0 };
    requests.push(record);
    const fault = faults.find((f) => (f.times === undefined || f.times > 0) && (!f.path || f.path.test(record.path)));
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      record.status = fault.status ?? 500;
      res.writeHead(record.status, { 'Content-Type': 'application/json', ...fault.headers }).end(req.method === 'HEAD' ? undefined : '{"errors":[]}');
      return;
    }
    const forward = http.request(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        record.status = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
