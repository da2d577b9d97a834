// The HTTPS server for a web config with tls_server_config, and what changes
// on it when the config is reloaded: the certificate, key, CA and TLS
// parameters through setSecureContext (new connections get them, open ones
// keep theirs, as with exporter-toolkit), and the client certificate policy.
//
// Node's TLS server knows two policies of Go's five (no certificate, and
// RequireAndVerifyClientCert through rejectUnauthorized); the others are
// applied on each connection right after its handshake, before any request
// is read: RequireAnyClientCert wants some certificate, VerifyClientCertIfGiven
// a valid one if any, and client_allowed_sans one naming an allowed SAN.
import { createServer, type Server } from 'node:https';
import type { RequestListener } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { TlsSettings } from './load.js';

export function createTlsServer(initial: TlsSettings, current: () => TlsSettings | undefined, listener: RequestListener): Server {
  const server = createServer(
    { ...initial.context, requestCert: initial.requestCert, rejectUnauthorized: initial.rejectUnauthorized, ALPNProtocols: ['http/1.1'] },
    listener,
  );
  // Before the HTTP layer sees the connection.
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const settings = current() ?? initial;
    if (!clientCertificateAccepted(socket, settings)) socket.destroy();
  });
  return server;
}

/** Applies reloaded settings to new connections. */
export function updateTlsServer(server: Server, settings: TlsSettings): void {
  server.setSecureContext(settings.context);
  // Read by Node's TLS server for every new connection (set by its constructor;
  // setSecureContext leaves them): the client certificate policy follows reloads too.
  const fields = server as unknown as { requestCert: boolean; rejectUnauthorized: boolean };
  fields.requestCert = settings.requestCert;
  fields.rejectUnauthorized = settings.rejectUnauthorized;
}

function clientCertificateAccepted(socket: TLSSocket, settings: TlsSettings): boolean {
  const peer = socket.getPeerX509Certificate();
  switch (settings.clientAuth) {
    case 'NoClientCert':
    case 'RequestClientCert':
      break;
    case 'RequireAnyClientCert':
      if (!peer) return false;
      break;
    case 'VerifyClientCertIfGiven':
      if (peer && !socket.authorized) return false;
      break;
    case 'RequireAndVerifyClientCert':
      // Node refused a missing or invalid one already when rejectUnauthorized was set for this connection.
      if (!peer || !socket.authorized) return false;
      break;
  }
  if (settings.clientAllowedSans !== undefined) {
    if (!peer) return false;
    const names = subjectAltNames(peer.subjectAltName);
    if (!settings.clientAllowedSans.some((allowed) => names.includes(allowed))) return false;
  }
  return true;
}

/**
 * The values of a certificate's subjectAltName as Node prints it:
 * `DNS:a.example, IP Address:10.0.0.1, email:x@y, URI:spiffe://...`, where a
 * value with a comma or quote is written as a JSON string.
 */
export function subjectAltNames(text: string | undefined): string[] {
  const names: string[] = [];
  if (!text) return names;
  const entry = /(DNS|IP Address|email|URI|[A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/gy;
  for (let match = entry.exec(text); match; match = entry.exec(text)) {
    const raw = match[2] as string;
    if (match[1] === 'DNS' || match[1] === 'IP Address' || match[1] === 'email' || match[1] === 'URI') {
      names.push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
    }
    if (entry.lastIndex >= text.length) break;
  }
  return names;
}
