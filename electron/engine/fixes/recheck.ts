import type { EngineContext } from '../context';
import { computeHelperChain } from '../helper-chain';
import type { FixOffer } from '../model';
import { parseConfigZ } from '../probes/git-config-parse';

/**
 * Why an offer is no longer needed (null: it still is), asked under the journal's lock just before it runs: the
 * scan that planned it may be minutes old, and a second copy of the doctor (two terminals, a
 * fleet script run twice) may have applied the same cure in between — applying it again
 * would only add duplicate lines. Reads the settings the way the scan did (git itself).
 */
export async function stillNeeded(
  ctx: EngineContext,
  recheck: NonNullable<FixOffer['recheck']>,
): Promise<string | null> {
  const r = await ctx.runner('git', ['config', '--list', '--show-origin', '-z'], {
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
    cwd: recheck.cwd ?? ctx.home,
  });
  // Settings git cannot read now: let the steps run and fail with git's own words.
  if (r.exitCode !== 0) return null;
  const chain = computeHelperChain(parseConfigZ(r.stdout), recheck.url);
  if (chain.helpers[0]?.value === recheck.helper && chain.useHttpPath && !chain.fatal) {
    return 'git already asks this AWS helper first for this address (another fix, or a change since the scan, did it); nothing was changed';
  }
  return null;
}
