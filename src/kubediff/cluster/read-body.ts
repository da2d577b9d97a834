// Reads an API server's response body with a bound on its size. The body is
// counted while it is read, before and after gzip (a small gzip bomb inflates
// to gigabytes; an endless stream of empty gzip members inflates to nothing),
// and reading stops at the first byte past the limit: a hostile or broken
// server, or a proxy in front of it, cannot make the runner hold more than
// that. Real answers are far below it: a LIST page is at most 500 objects, and
// etcd keeps objects under 1.5 MiB.
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { formatBytes } from '../../files/file-kind.js';

/** Default bound of one response body, compressed and decompressed alike. */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** A body over the bound; api-client.ts turns it into an error naming the request. */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    /** Which count went over: the bytes received, or what they inflate to. */
    readonly counted: 'received' | 'decompressed',
  ) {
    super(`larger than ${formatBytes(maxBytes)}${counted === 'decompressed' ? ' once decompressed (gzip)' : ''}`);
    this.name = 'ResponseTooLargeError';
  }
}

/** The whole body, decompressed when the server says gzip; rejects with ResponseTooLargeError past `maxBytes`. */
export async function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new ResponseTooLargeError(maxBytes, 'received');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const keep = async (source: AsyncIterable<Buffer>, counted: 'received' | 'decompressed') => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw new ResponseTooLargeError(maxBytes, counted);
      chunks.push(chunk);
    }
  };
  if (response.headers['content-encoding'] !== 'gzip') {
    // Leaving the loop early destroys the response (and its connection).
    await keep(response, 'received');
  } else {
    let received = 0;
    await pipeline(
      response,
      async function* countReceived(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > maxBytes) throw new ResponseTooLargeError(maxBytes, 'received');
          yield chunk;
        }
      },
      createGunzip(),
      (inflated: AsyncIterable<Buffer>) => keep(inflated, 'decompressed'),
    );
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}
