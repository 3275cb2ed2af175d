import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { LaunchEnvironmentFacts } from '../model';
import { findOnPath } from '../resolve-program';
import { expand } from './paths';
import type { GitClient } from './types';

// macOS starts Finder and Dock apps through launchd, whose PATH is /usr/bin:/bin:/usr/sbin:/sbin
// (electron/electron #9047, #4394): Homebrew's and pip's `aws` are not on it, and nothing a
// shell start-up file exports (AWS_PROFILE) reaches the app. Only files are looked at here.

export const LAUNCHD_PATH: readonly string[] = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

export async function launchEnvironment(
  ctx: EngineContext,
  client: GitClient,
): Promise<LaunchEnvironmentFacts> {
  const extra = (await Promise.all((client.extraPath ?? []).map((p) => expand(ctx, p)))).flat();
  const appPath = [...extra, ...LAUNCHD_PATH];
  const appCtx: EngineContext = { ...ctx, env: { ...ctx.env, PATH: appPath.join(':') } };
  const [forApp, forTerminal] = await Promise.all([findOnPath(appCtx, 'aws'), findOnPath(ctx, 'aws')]);
  const profile = ctx.env.AWS_PROFILE;
  return {
    appPath: appPath.map((p) => pathFor(ctx.platform).normalize(p)),
    awsForApp: forApp[0] ?? null,
    awsForTerminal: forTerminal[0] ?? null,
    ...(profile ? { terminalAwsProfile: profile } : {}),
  };
}
