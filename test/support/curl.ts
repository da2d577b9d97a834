// The real curl, for tests of what users type: status, headers and body of
// one request, or curl's own exit code when there was no HTTP answer (TLS
// refused, connection closed). Bounded by --max-time.
import { spawn } from 'node:child_process';

export interface CurlResult {
  /** curl's exit code: 0 for any HTTP answer (no --fail), else why there was none (35 TLS, 52 empty reply, 56 receive error, ...). */
  readonly exitCode: number | null;
  /** 0 when there was no HTTP answer. */
  readonly status: number;
  /** Lower-case header names; the last value of each. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly stderr: string;
}

export async function curl(args: readonly string[], timeoutSeconds = 30): Promise<CurlResult> {
  const child = spawn('curl', ['--silent', '--show-error', '--max-time', String(timeoutSeconds), '--include', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`curl must be installed (Debian package curl): ${error.message}`)));
    child.once('close', resolve);
  });
  const split = stdout.indexOf('\r\n\r\n');
  const head = split === -1 ? stdout : stdout.slice(0, split);
  const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { exitCode, status, headers, body: split === -1 ? '' : stdout.slice(split + 4), stderr };
}
