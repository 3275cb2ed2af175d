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
