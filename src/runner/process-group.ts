// Signals to a whole process group, so a command's children and grandchildren
// go with it. Commands are started as group leaders (detached spawn), so the
// group id is the command's pid.
import { readdirSync, readFileSync } from 'node:fs';

/** Sends the signal to every process of the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: a member changed its credentials (setuid); nothing more we may do.
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw error;
  }
}

/**
 * True while a process of the group is alive. kill(-pgid, 0) also succeeds
 * for zombies that wait for their (new) parent to reap them, so on Linux the
 * members' states are read from /proc to ignore those.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  const states = groupMemberStates(pgid);
  return states === undefined || states.some((state) => state !== 'Z' && state !== 'X');
}

/** The states (R, S, Z, ...) of the group's processes from /proc, or undefined without /proc. */
export function groupMemberStates(pgid: number): string[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const states: string[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.pgrp === pgid) states.push(stat.state);
  }
  return states;
}

export interface ProcStat {
  readonly pid: number;
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
}

/** Fields of /proc/<pid>/stat; undefined when the process is gone (or not Linux). */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0] ?? '?', ppid: Number(fields[1]), pgrp: Number(fields[2]) };
}

/** How long terminateGroup waits for the group to die after SIGKILL. */
export const KILL_WAIT_MS = 10_000;

/**
 * SIGTERM to the group, then SIGKILL to whatever is still alive after the
 * grace period. Resolves once the group is gone: a process sent SIGKILL dies
 * when the kernel next schedules it, which on a loaded machine is a while
 * later, and a run that ends while its processes still run lets them overlap
 * the next run. A process that SIGKILL cannot end (stuck in the kernel,
 * state D) holds the run at most killWaitMs longer.
 */
export async function terminateGroup(pgid: number, graceMs: number, killWaitMs = KILL_WAIT_MS): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await waitUntilGone(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitUntilGone(pgid, killWaitMs);
}

/** Polls until no process of the group is alive (true) or the time is up (false). */
async function waitUntilGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, ms)));
    if (!groupAlive(pgid)) return true;
  }
  return !groupAlive(pgid);
}
