// A small token service for the registry's token auth, as the distribution
// spec describes it: GET /token?service=&scope=... (basic auth for users),
// POST /token with an OAuth2 refresh_token grant, answering a JWT signed with
// a key whose self-signed certificate (made with openssl) is the registry's
// rootcertbundle; the x5c header carries it. Users and what they may pull are
// the test's; anonymous callers get the public repositories. Every request is
// recorded (method, scopes, user) so tests count them.
import { execFile } from 'node:child_process';
import { randomUUID, sign, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SigningMaterial {
  readonly keyPem: string;
  /** The certificate file: the registry's rootcertbundle. */
  readonly certFile: string;
  readonly certDerBase64: string;
}

/** An RSA key and its self-signed certificate, made with /usr/bin/openssl. */
export async function createSigningMaterial(dir: string): Promise<SigningMaterial> {
  const keyFile = join(dir, 'token-signing.key');
  const certFile = join(dir, 'token-signing.crt');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '3650', '-subj', '/CN=kubediff-test-token-issuer']);
  const [keyPem, certPem] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
  return { keyPem, certFile, certDerBase64: new X509Certificate(certPem).raw.toString('base64') };
}

export interface TokenRequestRecord {
  readonly method: string;
  readonly user: string | undefined;
  readonly scopes: readonly string[];
  readonly status: number;
}

export interface TokenServerOptions {
  readonly signing: SigningMaterial;
  readonly service: string;
  readonly issuer: string;
  /** user -> password. */
  readonly users: Readonly<Record<string, string>>;
  /** refresh token -> user (identity tokens). */
  readonly refreshTokens?: Readonly<Record<string, string>>;
  /** May this user (undefined: anonymous) pull (or push) this repository? */
  readonly allows: (user: string | undefined, repository: string, action: string) => boolean;
  /** Repositories whose token request is refused with 403 (as some token services do). */
  readonly forbidden?: (repository: string) => boolean;
  readonly expiresInS?: number;
}

export interface TokenServer {
  readonly url: string;
  readonly requests: TokenRequestRecord[];
  /** Every token answered over HTTP (the leak test searches outputs for them). */
  readonly issued: string[];
  /** A token for these grants, made in-process (for pushing test images). */
  issue(user: string, access: readonly { name: string; actions: readonly string[] }[]): string;
  close(): Promise<void>;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const requests: TokenRequestRecord[] = [];
  const issued: string[] = [];
  const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
  const issue = (user: string | undefined, access: readonly { name: string; actions: readonly string[] }[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [options.signing.certDerBase64] };
    const claims = {
      iss: options.issuer, sub: user ?? '', aud: options.service, exp: now + (options.expiresInS ?? 300), nbf: now - 10, iat: now, jti: randomUUID(),
      access: access.map((a) => ({ type: 'repository', name: a.name, actions: a.actions })),
    };
    const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${signed}.${b64url(sign('sha256', Buffer.from(signed), options.signing.keyPem))}`;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://token.test');
      const form = req.method === 'POST' ? new URLSearchParams(Buffer.concat(chunks).toString()) : undefined;
      const scopes = form ? (form.get('scope') ?? '').split(' ').filter(Boolean) : url.searchParams.getAll('scope');
      const answer = (status: number, body: unknown, user?: string) => {
        requests.push({ method: req.method ?? '', user, scopes, status });
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      let user: string | undefined;
      if (form) {
        user = options.refreshTokens?.[form.get('refresh_token') ?? ''];
        if (form.get('grant_type') !== 'refresh_token' || user === undefined) return answer(401, { error: 'invalid_grant' });
      } else if (req.headers.authorization) {
        const [scheme, value = ''] = req.headers.authorization.split(' ');
        const decoded = Buffer.from(value, 'base64').toString();
        const name = decoded.slice(0, decoded.indexOf(':'));
        if (scheme !== 'Basic' || options.users[name] === undefined || options.users[name] !== decoded.slice(decoded.indexOf(':') + 1)) {
          return answer(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
        }
        user = name;
      }
      const service = form ? form.get('service') : url.searchParams.get('service');
      if (service !== options.service) return answer(400, { error: 'unknown service' }, user);
      const access: { name: string; actions: string[] }[] = [];
      for (const scope of scopes) {
        const [type, name = '', actions = ''] = scope.split(':');
        if (type !== 'repository') continue;
        if (options.forbidden?.(name)) return answer(403, { errors: [{ code: 'DENIED', message: 'denied' }] }, user);
        const granted = actions.split(',').filter((action) => options.allows(user, name, action));
        if (granted.length > 0) access.push({ name, actions: granted });
      }
      const token = issue(user, access);
      issued.push(token);
      // Docker Hub answers both names; our client must take either.
      return answer(200, form ? { access_token: token, expires_in: options.expiresInS ?? 300 } : { token, expires_in: options.expiresInS ?? 300 }, user);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    requests,
    issued,
    issue: (user, access) => issue(user, access),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
