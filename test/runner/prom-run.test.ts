// The real prom-run, end to end: real processes, real HTTP on 127.0.0.1:0.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readProcStat } from '../../src/runner/process-group.js';
import type { StatusJson } from '../../src/web/status-json.js';
import { fixture, runPromRunToExit, startPromRun, waitFor, type PromRunProcess } from '../support/prom-run.js';

const runsFinished = (app: PromRunProcess) => app.logs().filter((line) => line.msg === 'run finished');
const alive = (pid: number) => {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
};

/** Zombie children of a process: children it failed to reap. */
function zombiesOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcStat(Number(entry)))
    .filter((stat) => stat?.ppid === parent && stat.state === 'Z')
    .map((stat) => stat?.pid as number);
}

async function readPids(file: string): Promise<number[] | undefined> {
  const pids = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
  return pids.length === 3 ? pids : undefined;
}

describe('prom-run end to end', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  async function start(args: string[]): Promise<PromRunProcess> {
    const app = await startPromRun(args);
    cleanups.push(() => app.stop());
    return app;
  }
  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'prom-run-e2e-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  test('a command printing HTML: page, JSON, output.txt, probes and the run log line', async () => {
    const app = await start(['-period=1h', '--', fixture('print-html')]);
    await waitFor(() => runsFinished(app).length === 1, { what: 'the first run' });

    const log = runsFinished(app)[0] ?? {};
    assert.equal(log.exit_code, 2);
    assert.equal(log.timed_out, false);
    assert.equal(typeof log.duration_seconds, 'number');
    assert.match(String(log.command), /print-html$/);

    const page = await fetch(`${app.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await page.text();
    assert.match(html, /<p class="headline">Failed with code 2<\/p>/);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot; &#39;single&#39;'));
    assert.ok(!html.includes('<script>alert') && !html.includes('<img'));
    assert.ok(html.includes('<span class="ansi-fg1 ansi-bold">RED-BOLD</span> plain <span class="ansi-fg2">green</span>'));
    assert.ok(html.includes('bell:\u2407: done'));
    assert.ok(html.includes('utf-8: héllo ✓'));
    assert.ok(!html.includes('\u001b'));

    const statusResponse = await fetch(`${app.url}/api/status`);
    assert.match(statusResponse.headers.get('content-type') ?? '', /^application\/json/);
    const status = (await statusResponse.json()) as StatusJson;
    assert.ok(status.latest);
    assert.equal(status.task.kind, 'command');
    assert.match(status.task.display, /print-html$/);
    assert.equal(status.state, 'idle');
    assert.equal(status.latest.exitCode, 2);
    assert.equal(status.latest.status, 'failed with code 2');
    assert.equal(status.latest.trigger, 'start-up');
    assert.equal(status.latest.outputTruncated, false);
    assert.ok(status.latest.output.includes('\u001b[1;31mRED-BOLD\u001b[0m'));
    assert.equal(status.recent.length, 1);
    assert.ok(!('output' in (status.recent[0] ?? {})), 'history entries are summaries');
    assert.ok(Date.parse(status.nextRunAt ?? '') > Date.now());
    assert.deepEqual(status.totals, { runs: 1, timeouts: 0, skippedTicks: 0 });

    const text = await fetch(`${app.url}/output.txt`);
    assert.match(text.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(text.headers.get('x-exit-code'), '2');
    // The same output, its control characters shown as escapes (curl on a terminal runs none of them).
    assert.equal(await text.text(), status.latest.output.replaceAll('\u001b', '\\u001b').replaceAll('\u0007', '\\u0007'));

    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${app.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${app.url}/no-such-page`)).status, 404);
    assert.equal((await fetch(`${app.url}/`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${app.url}/`, { method: 'HEAD' })).status, 200);
    const css = await fetch(`${app.url}/assets/app.css`);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    assert.match(await css.text(), /prefers-color-scheme: dark/);
    assert.equal((await fetch(`${app.url}/assets/app.js`)).status, 200);
  });

  test('before the first run finishes: running, not ready, no output; SIGTERM ends the whole group and exits 0', async () => {
    const pidFile = join(await tempDir(), 'pids');
    const app = await start(['-period=1h', '--', fixture('stubborn-tree'), pidFile]);
    const pids = await waitFor(() => readPids(pidFile), { what: 'the pid file' });
    assert.equal((await fetch(`${app.url}/readyz`)).status, 503);
    assert.equal((await fetch(`${app.url}/output.txt`)).status, 503);
    const status = (await (await fetch(`${app.url}/api/status`)).json()) as StatusJson;
    assert.equal(status.state, 'running');
    assert.equal(status.latest, null);
    assert.match(await (await fetch(`${app.url}/`)).text(), /<p class="headline">Running<\/p>/);

    const exit = await app.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null });
    for (const pid of pids) assert.ok(!alive(pid), `process ${pid} of the command is gone`);
    assert.ok(app.logs().some((line) => line.msg === 'stopped'));
  });

  test('SIGINT exits 0 too', async () => {
    const app = await start(['-period=1h', '--', fixture('exit-with'), '0']);
    await waitFor(() => runsFinished(app).length === 1, { what: 'the first run' });
    assert.deepEqual(await app.stop('SIGINT'), { code: 0, signal: null });
  });

  test('a timed-out run exits 124 and no process of its group survives', async () => {
    const pidFile = join(await tempDir(), 'pids');
    const app = await start(['-period=1h', '-timeout=1s', '--', fixture('stubborn-tree'), pidFile]);
    const pids = await waitFor(() => readPids(pidFile), { what: 'the pid file' });
    const log = await waitFor(() => runsFinished(app)[0], { what: 'the timed-out run' });
    assert.equal(log.exit_code, 124);
    assert.equal(log.timed_out, true);
    for (const pid of pids) assert.ok(!alive(pid), `process ${pid} of the timed-out group is gone`);
    assert.deepEqual(zombiesOf(app.child.pid as number), [], 'prom-run reaped its child');
    const page = await (await fetch(`${app.url}/`)).text();
    assert.match(page, /<p class="headline">Timed out after 1s<\/p>/);
  });

  test('output beyond --max-output-bytes is cut with a marker, start and end kept', async () => {
    const app = await start(['-period=1h', '--max-output-bytes=65536', '--', fixture('print-bytes'), String(8 * 1024 * 1024)]);
    await waitFor(() => runsFinished(app).length === 1, { what: 'the first run' });
    const text = await (await fetch(`${app.url}/output.txt`)).text();
    assert.ok(text.startsWith('BEGIN\n') && text.endsWith('END\n'));
    assert.match(text, /\[prom-run: output truncated: \d+ of 8388608 bytes omitted here\]/);
    assert.ok(Buffer.byteLength(text) < 65536 + 200);
    const status = (await (await fetch(`${app.url}/api/status`)).json()) as StatusJson;
    assert.equal(status.latest?.outputTruncated, true);
    assert.match(await (await fetch(`${app.url}/`)).text(), /longer than the limit/);
  });
});

describe('prom-run bad input', () => {
  const oneLine = (stderr: string) => {
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${stderr}`);
    return lines[0] as string;
  };

  test('an unknown flag: exit 2 naming it', async () => {
    const result = await runPromRunToExit(['--nope', 'true']);
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /^prom-run: unknown flag --nope/);
  });

  test('a bad duration: exit 2 naming the flag and the value', async () => {
    const result = await runPromRunToExit(['--period=x', 'true']);
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /Expected --period to be a duration like 30s, got `x`/);
    const timeout = await runPromRunToExit(['-timeout=10', 'true']);
    assert.equal(timeout.code, 2);
    assert.match(oneLine(timeout.stderr), /Expected -timeout to be a duration like 30s, got `10`/);
  });

  test('a missing command: exit 2', async () => {
    const result = await runPromRunToExit(['-period=1s']);
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /Expected a command to run/);
  });

  test('a working dir that does not exist: exit 2 naming the flag', async () => {
    const result = await runPromRunToExit(['--listen-addr=127.0.0.1:0', '--working-dir=/nonexistent/prom-run-test', 'true']);
    assert.equal(result.code, 2);
    assert.match(oneLine(result.stderr), /--working-dir/);
  });

  test('a listen address in use: exit 1 naming the address', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runPromRunToExit([`--listen-addr=127.0.0.1:${port}`, 'true']);
      assert.equal(result.code, 1);
      assert.equal(oneLine(result.stderr), `prom-run: cannot listen on 127.0.0.1:${port}: address already in use`);
    } finally {
      blocker.close();
    }
  });

  test('--help and --version', async () => {
    const help = await runPromRunToExit(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: prom-run \[flags\] \[--\] <command> \[args\.\.\.\]/);
    assert.match(help.stdout, /--period DURATION/);
    const version = await runPromRunToExit(['-version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^prom-run \d+\.\d+\.\d+\n$/);
  });
});
