import { readdirSync, readFileSync } from 'node:fs';

// Finding the processes a test started by a marker in their argv (Linux /proc), to prove that
// nothing the doctor had to stop outlives it.

/** A `sleep` argument no other process on the machine has: `sleep <marker>` runs 600 s. */
export function sleepMarker(): string {
  return `600.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

export function pidsWithArg(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.includes(marker)) found.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** True once no process has `marker` in its argv (polled for up to `withinMs`). */
export async function goneWithin(marker: string, withinMs = 2_000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (pidsWithArg(marker).length === 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return pidsWithArg(marker).length === 0;
}

export function killMarked(marker: string): void {
  for (const pid of pidsWithArg(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
