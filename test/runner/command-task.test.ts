import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { shutdownReason, timeoutReason } from '../../src/runner/abort-reasons.js';
import { createCommandTask, displayCommand } from '../../src/runner/command-task.js';
import { groupAlive, readProcStat } from '../../src/runner/process-group.js';
import type { TaskOutcome } from '../../src/runner/task.js';
import { fixture, waitFor } from '../support/prom-run.js';

function run(command: string[], options: { maxOutputBytes?: number; workingDir?: string; signal?: AbortSignal } = {}): Promise<TaskOutcome> {
  const task = createCommandTask({ command, maxOutputBytes: options.maxOutputBytes ?? 1024 * 1024, workingDir: options.workingDir, killGraceMs: 500 });
  return task.run({ signal: options.signal ?? new AbortController().signal });
}

/** Alive: exists and is not a zombie waiting for its (new) parent to reap it. */
function alive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Zombies whose parent is this test process: children we failed to reap. */
function ourZombies(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcStat(Number(entry)))
    .filter((stat) => stat !== undefined && stat.ppid === process.pid && stat.state === 'Z')
    .map((stat) => stat?.pid as number);
}

async function readPids(file: string): Promise<number[] | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pids = text.split('\n').filter(Boolean).map(Number);
  return pids.length === 3 ? pids : undefined;
}

describe('command task', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  test('passes the exit code through and captures the output', async () => {
    const outcome = await run([fixture('exit-with'), '3']);
    assert.deepEqual(outcome, { exitCode: 3, timedOut: false, output: 'exit-with: exiting with 3\n', outputTruncated: false });
    assert.equal((await run([fixture('exit-with'), '0'])).exitCode, 0);
  });

  test('127 when the command is not found, with a message instead of a crash', async () => {
    const outcome = await run(['prom-run-test-no-such-command', 'x']);
    assert.equal(outcome.exitCode, 127);
    assert.match(outcome.output, /cannot run prom-run-test-no-such-command: not found/);
    assert.equal((await run(['/nonexistent/dir/cmd'])).exitCode, 127);
  });

  test('126 when the command is not executable', async () => {
    const outcome = await run([fixture('not-executable')]);
    assert.equal(outcome.exitCode, 126);
    assert.match(outcome.output, /permission denied/);
    assert.equal((await run(['/tmp'])).exitCode, 126, 'a directory cannot be run either');
  });

  test('128+N when killed by signal N', async () => {
    assert.equal((await run([fixture('kill-self'), 'KILL'])).exitCode, 137);
    assert.equal((await run([fixture('kill-self'), 'TERM'])).exitCode, 143);
  });

  test('arguments are passed without a shell', async () => {
    const outcome = await run(['echo', '$HOME', '*', '; exit 3', '`id`']);
    assert.equal(outcome.output, '$HOME * ; exit 3 `id`\n');
    assert.equal(outcome.exitCode, 0);
  });

  test('runs in the working directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prom-run-cwd-'));
    dirs.push(dir);
    const outcome = await run([fixture('print-cwd')], { workingDir: dir });
    assert.equal(outcome.output.trim(), await realpath(dir));
  });

  test('stdout and stderr together, in the order written', async () => {
    const outcome = await run([fixture('interleave'), '6']);
    assert.equal(outcome.output, 'out 1\nerr 2\nout 3\nerr 4\nout 5\nerr 6\n');
  });

  test('output beyond the limit is cut in the middle with a marker', async () => {
    const outcome = await run([fixture('print-bytes'), String(4 * 1024 * 1024)], { maxOutputBytes: 64 * 1024 });
    assert.equal(outcome.outputTruncated, true);
    assert.ok(outcome.output.startsWith('BEGIN\n'));
    assert.ok(outcome.output.endsWith('END\n'));
    assert.match(outcome.output, /\[prom-run: output truncated: \d+ of 4194304 bytes omitted here\]/);
    assert.ok(Buffer.byteLength(outcome.output) < 64 * 1024 + 200);
  });

  test('on timeout the whole group gets SIGTERM then SIGKILL: 124, and nothing survives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prom-run-tree-'));
    dirs.push(dir);
    const pidFile = join(dir, 'pids');
    const controller = new AbortController();
    const running = run([fixture('stubborn-tree'), pidFile], { signal: controller.signal });
    const pids = await waitFor(() => readPids(pidFile), { what: 'the pid file' });
    const [leader] = pids as [number];
    assert.ok(pids.every(alive), 'all three run before the timeout');
    controller.abort(timeoutReason(1000));
    const outcome = await running;
    assert.equal(outcome.exitCode, 124);
    assert.equal(outcome.timedOut, true);
    assert.match(outcome.output, /leader \d+/);
    // Killed grandchildren are reparented to init, which reaps them; a zombie
    // whose parent is init is dead. None may be alive, none may be our zombie.
    for (const pid of pids) {
      assert.ok(!alive(pid), `process ${pid} of the timed-out group is dead`);
      assert.notEqual(readProcStat(pid)?.ppid, process.pid, `process ${pid} is reaped`);
    }
    assert.equal(groupAlive(leader), false);
    assert.deepEqual(ourZombies(), []);
  });

  test('on shutdown the command is terminated and not counted as a timeout', async () => {
    const controller = new AbortController();
    const running = run([fixture('sleep-forever')], { signal: controller.signal });
    setTimeout(() => controller.abort(shutdownReason()), 200);
    const outcome = await running;
    assert.equal(outcome.timedOut, false);
    assert.equal(outcome.exitCode, 143);
  });

  test('a process that left the group (setsid) cannot keep the run open: reading stops after the grace', { timeout: 60_000 }, async () => {
    const outcome = await run([fixture('escape-group')]);
    const escaped = Number(/escaped (\d+)/.exec(outcome.output)?.[1]);
    if (escaped) process.kill(escaped, 'SIGKILL');
    assert.equal(outcome.exitCode, 3);
    assert.ok(escaped > 0, outcome.output);
    assert.match(outcome.output, /\[prom-run: stopped reading: the command exited, but a process outside its process group still holds its output open\]/);
  });

  test('processes left behind by a finished command do not keep the run open', async () => {
    const outcome = await run(['sh', '-c', 'sleep 1000 & echo $!; exit 5']);
    assert.equal(outcome.exitCode, 5);
    const pid = Number(outcome.output.trim());
    await waitFor(() => !alive(pid), { what: `the leftover sleep ${pid} to die` });
  });
});

describe('displayCommand', () => {
  test('quotes only what needs quoting', () => {
    assert.equal(displayCommand(['terraform', 'plan', '-detailed-exitcode']), 'terraform plan -detailed-exitcode');
    assert.equal(displayCommand(['sh', '-c', "echo 'hi' there"]), `sh -c 'echo '\\''hi'\\'' there'`);
    assert.equal(displayCommand(['a b', '']), `'a b' ''`);
  });
});
