import { randomBytes } from 'node:crypto';
import { link, open, rename, stat, unlink, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readRegularText, UnsafeFileError } from '../safe-read';

/** A lock holds one line of JSON. */
const LOCK_MAX_BYTES = 4096;
import { describeFsError } from './atomic-file';

// The journal's lock: one writer at a time (begin…finish, undo), across processes. A lock
// whose owner died (same host, pid gone) or that is older than the stale limit is taken
// over; an empty lock file is given a grace period (its writer may be between create and write).

export const BUSY_MESSAGE = 'Another CodeCommit Doctor is applying a fix';
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
export const DEFAULT_STALE_LOCK_MS = 10 * 60_000;
/** A lock file still empty after this long belongs to a writer that died between create and write. */
const EMPTY_LOCK_GRACE_MS = 10_000;

interface LockInfo {
  pid: number;
  host: string;
  createdAt: string;
  nonce: string;
  purpose: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else (alive).
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(raw: string): LockInfo | null {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.nonce === 'string' && typeof v.createdAt === 'string') {
      return {
        pid: v.pid,
        nonce: v.nonce,
        createdAt: v.createdAt,
        host: String(v.host ?? ''),
        purpose: String(v.purpose ?? ''),
      };
    }
  } catch {
    // fall through
  }
  return null;
}

export class HeldLock {
  constructor(
    readonly file: string,
    readonly nonce: string,
  ) {}

  private async ours(): Promise<boolean> {
    const raw = await readRegularText(this.file, { maxBytes: LOCK_MAX_BYTES }).catch(() => '');
    return parseLock(raw)?.nonce === this.nonce;
  }

  /** Keeps a long transaction (a user thinking between steps) from looking stale by age. */
  async touch(): Promise<void> {
    if (await this.ours()) {
      const t = new Date();
      await utimes(this.file, t, t).catch(() => undefined);
    }
  }

  async release(): Promise<void> {
    // Only remove the lock if it is still ours: if it was judged stale and taken over,
    // the file now belongs to the other instance.
    if (await this.ours()) await unlink(this.file).catch(() => undefined);
  }
}

export async function acquireLock(
  dir: string,
  purpose: string,
  timeoutMs: number,
  staleMs: number,
): Promise<HeldLock> {
  const file = path.join(dir, '.lock');
  const nonce = randomBytes(8).toString('hex');
  const deadline = Date.now() + timeoutMs;
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), createdAt: '', nonce, purpose };
  for (;;) {
    try {
      mine.createdAt = new Date().toISOString();
      if (await createLockFile(file, JSON.stringify(mine))) return new HeldLock(file, nonce);
    } catch (e) {
      throw new Error(`Could not lock the fix journal ${file}: ${describeFsError(e)}`);
    }

    let raw: string;
    let mtimeMs: number;
    try {
      raw = await readRegularText(file, { maxBytes: LOCK_MAX_BYTES });
      mtimeMs = (await stat(file)).mtimeMs;
    } catch (e) {
      // A lock that is not a small regular file is no lock of ours: never wait on it.
      if (e instanceof UnsafeFileError)
        throw new Error(
          `The fix journal's lock ${file} cannot be used (${e.reason}): delete it and try again.`,
        );
      continue; // released between our open and our read: try again at once
    }
    const info = parseLock(raw);
    const now = Date.now();
    let stale: boolean;
    if (!info) {
      stale = now - mtimeMs > EMPTY_LOCK_GRACE_MS;
    } else {
      const age = now - Math.max(Date.parse(info.createdAt) || 0, mtimeMs);
      const deadOwner = info.host === os.hostname() && info.pid !== process.pid && !pidAlive(info.pid);
      stale = age > staleMs || deadOwner;
    }
    if (stale) {
      await breakStaleLock(file, raw);
      continue;
    }
    if (now >= deadline) {
      const who = info ? ` (process ${info.pid}, since ${info.createdAt})` : '';
      throw new Error(
        `${BUSY_MESSAGE}${who}. Wait for it to finish and try again; if no other copy is running, delete ${file}.`,
      );
    }
    await new Promise((r) => setTimeout(r, 40 + Math.floor(Math.random() * 40)));
  }
}

/** `.lock.new-<pid>-…` or `.lock.stale-<pid>-…` left by a process of this host that is gone. */
export function isAbandonedLockFile(name: string): boolean {
  const m = /^\.lock\.(?:new|stale)-(\d+)-[0-9a-f]+$/.exec(name);
  return m !== null && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]));
}

/**
 * Creates the lock file with its content in one step, or returns false when it exists. The
 * content is written to a file of our own first and then hard-linked into place (link never
 * overwrites), so a process killed at any moment leaves no empty lock behind — an empty one
 * would block every other run until its grace period ran out. Where hard links are not
 * supported, it falls back to create-then-write (an empty lock is then judged by its age).
 */
async function createLockFile(file: string, content: string): Promise<boolean> {
  const own = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(own, 'wx', 0o600);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(own, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
    return createLockFileInPlace(file, content);
  } finally {
    await unlink(own).catch(() => undefined);
  }
}

async function createLockFileInPlace(file: string, content: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/**
 * Two instances can judge the same lock stale at once; deleting it outright would let the
 * slower one delete the lock the faster one just created. So the stale file is renamed aside
 * (only one rename of it can succeed) and checked: if what was moved is not the file judged
 * stale, it is a live lock and is put back with link(), which never overwrites.
 */
async function breakStaleLock(file: string, observed: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return;
  }
  const moved = await readRegularText(aside, { maxBytes: LOCK_MAX_BYTES }).catch(() => observed);
  if (moved !== observed) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}
