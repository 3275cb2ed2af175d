import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { ConfigEntry } from '../model';

// Which file git reads for a scope, so a fix edits exactly that file with
// `git config --file`. Mirrors git 2.39: GIT_CONFIG_GLOBAL, else ~/.gitconfig when it
// exists, else $XDG_CONFIG_HOME/git/config when it exists, else ~/.gitconfig.

export async function globalConfigFile(ctx: EngineContext, config: ConfigEntry[]): Promise<string> {
  const p = pathFor(ctx.platform);
  if (ctx.env.GIT_CONFIG_GLOBAL) return ctx.env.GIT_CONFIG_GLOBAL;
  const fromEntries = config.find((e) => e.scope === 'global' && e.originType === 'file' && e.origin);
  if (fromEntries) return fromEntries.origin;
  const home = p.join(ctx.home, '.gitconfig');
  if (await ctx.isFile(home)) return home;
  const xdg = p.join(ctx.env.XDG_CONFIG_HOME || p.join(ctx.home, '.config'), 'git', 'config');
  if (await ctx.isFile(xdg)) return xdg;
  return home;
}

/** The repository's own config file (git prints it relative to the repository). */
export function localConfigFile(ctx: EngineContext, config: ConfigEntry[], dir: string): string {
  const p = pathFor(ctx.platform);
  const fromEntries = config.find((e) => e.scope === 'local' && e.originType === 'file' && e.origin);
  if (fromEntries)
    return p.isAbsolute(fromEntries.origin) ? fromEntries.origin : p.resolve(dir, fromEntries.origin);
  return p.join(dir, '.git', 'config');
}
