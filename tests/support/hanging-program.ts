import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

// A program that hangs, and a load-independent way to see that a timeout really stopped it:
// the shell and the `sleep` it started (a grandchild of whoever ran it) are both gone
// afterwards. "The scan was fast" depends on how busy the machine is; "the hanging program
// was killed, with its children" does not.

/** Writes an executable sh script that starts `sleep <seconds>`, notes both PIDs in `pidFile`, and waits. */
export function writeHangingProgram(file: string, pidFile: string, seconds = 60): void {
  writeFileSync(file, `#!/bin/sh\nsleep ${seconds} &\necho "$$ $!" > '${pidFile}'\nwait\n`, { mode: 0o755 });
}

/** Alive = listed in /proc and not a zombie (a killed child waits there until reaped). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Asserts the program that wrote `pidFile` ran and that it and its `sleep` are gone. Polls
 * (a SIGKILL is delivered asynchronously); the limit is generous because a killed process
 * disappears at once, while one nobody killed lives for the whole `sleep`.
 */
export async function expectHangingProgramKilled(pidFile: string, withinMs = 10_000): Promise<void> {
  const pids = readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number);
  expect(pids, 'the hanging program ran').toHaveLength(2);
  const until = Date.now() + withinMs;
  while (pids.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect(
    pids.filter(alive),
    'PIDs of the hanging shell and its sleep still running after the timeout',
  ).toEqual([]);
}
