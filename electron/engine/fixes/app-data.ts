import type { Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EngineContext } from '../context';
import { pathFor } from '../context';

/**
 * Overrides where CodeCommit Doctor keeps its state (the fix journal). Meant for tests and
 * for fleets that want the journal somewhere central (e.g. a managed folder a Jamf or
 * Intune script collects). Must be an absolute path; a relative one is ignored.
 */
export const STATE_DIR_ENV = 'CODECOMMIT_DOCTOR_STATE_DIR';

export const APP_DIR_NAME = 'CodeCommit Doctor';
const LINUX_DIR_NAME = 'codecommit-doctor';

/**
 * The per-user folder for CodeCommit Doctor's own state, for the platform being served.
 * Reads ctx.env/ctx.home only, so a sandboxed HOME in tests never touches the real one.
 */
export function appDataDir(ctx: Pick<EngineContext, 'platform' | 'env' | 'home'>): string {
  const p = pathFor(ctx.platform);
  const override = ctx.env[STATE_DIR_ENV];
  if (override && p.isAbsolute(override)) return p.normalize(override);

  switch (ctx.platform) {
    case 'win32': {
      const appData = ctx.env.APPDATA;
      const base = appData && p.isAbsolute(appData) ? appData : p.join(ctx.home, 'AppData', 'Roaming');
      return p.join(base, APP_DIR_NAME);
    }
    case 'darwin':
      return p.join(ctx.home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'linux': {
      // The XDG Base Directory spec: a relative $XDG_STATE_HOME is invalid and must be
      // ignored. State (not config, not data) is what an undo journal is.
      const xdg = ctx.env.XDG_STATE_HOME;
      const base = xdg && p.isAbsolute(xdg) ? xdg : p.join(ctx.home, '.local', 'state');
      return p.join(base, LINUX_DIR_NAME);
    }
  }
}

/** ensureOwnDir would have to create or use a folder that belongs to someone else. */
export class NotOwnedError extends Error {
  override name = 'NotOwnedError';
}

/** Sticky and writable by all (/tmp): anyone may create their own entries there. */
function isSharedSticky(st: Stats): boolean {
  return (st.mode & 0o1002) === 0o1002;
}

/**
 * Makes sure `dir` exists and belongs to the running user, creating the missing folders (mode
 * 0700) only inside a folder of the running user or a shared sticky one (/tmp). Root scanning a
 * user's HOME must not leave root-owned ~/.local/state behind: the user could no longer create
 * anything there. Throws NotOwnedError (nothing created) when a folder on the way, or `dir`
 * itself, is someone else's. On Windows (ACLs, no owners to compare) it is a plain mkdir -p.
 */
export async function ensureOwnDir(dir: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return;
  }
  const missing: string[] = [];
  let at = path.resolve(dir);
  let st: Stats;
  for (;;) {
    try {
      st = await stat(at);
      break;
    } catch (e) {
      const up = path.dirname(at);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || up === at) throw e;
      missing.unshift(at);
      at = up;
    }
  }
  if (!st.isDirectory()) throw new Error(`${at} is not a folder`);
  const mayCreateIn = missing.length > 0 && isSharedSticky(st);
  if (st.uid !== uid && !mayCreateIn) {
    throw new NotOwnedError(`${at} belongs to another user (uid ${st.uid}): nothing of ours goes there`);
  }
  for (const d of missing) {
    await mkdir(d, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}
