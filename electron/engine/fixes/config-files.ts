import type { PlanContext } from '../checks/check';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { ConfigEntry, FixOffer } from '../model';
import { makeOffer } from './offer';
import type { RefusedTarget, WriteVerdict } from './write-target';

// Which file git reads for a scope, so a fix edits exactly that file with
// `git config --file`. Mirrors git 2.39: GIT_CONFIG_GLOBAL, else ~/.gitconfig when it
// exists, else $XDG_CONFIG_HOME/git/config when it exists, else ~/.gitconfig. And whether a
// plan may write there at all (write-target.ts), saying why not when it may not.

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

/** Whether a plan may write each of these files, checked once per planning pass. */
export async function writeVerdicts(
  files: string[],
  inspect: (file: string) => Promise<WriteVerdict>,
): Promise<Map<string, WriteVerdict>> {
  const unique = [...new Set(files)];
  const verdicts = await Promise.all(unique.map(inspect));
  return new Map(unique.map((f, i) => [f, verdicts[i] as WriteVerdict]));
}

/** What the person can do about a file the doctor may not write, in plain words. */
function whyNot(r: RefusedTarget, pctx: PlanContext): string {
  const viaEnv = r.file === pctx.globalFile && pctx.ctx.env.GIT_CONFIG_GLOBAL === r.file;
  const forOneRepo =
    pctx.target.kind === 'dir'
      ? ''
      : " For one repository, run the doctor with --dir <its folder>: the setting then goes into that repository's own settings.";
  if (viaEnv)
    return `Not possible here: ${r.reason}. GIT_CONFIG_GLOBAL points git at it, so git keeps none of your own settings anywhere else and nothing written to ~/.gitconfig would count. Unset GIT_CONFIG_GLOBAL (git then reads ~/.gitconfig) or point it at a regular file, then run codecommit-doctor fix again.${forOneRepo}`;
  return `Not possible here: ${r.reason}. Nothing is written there; make it a regular file in a folder you own (or remove it), then run codecommit-doctor fix again.${forOneRepo}`;
}

/**
 * Plans that would write where the doctor may not (a device, a FIFO, a missing folder) are
 * said plainly instead: why, and what would work. Runs on every planner's offers, so no
 * planner can forget it; the git-config step checks again when it runs.
 */
export async function gateWrites(offers: FixOffer[], pctx: PlanContext): Promise<FixOffer[]> {
  const out: FixOffer[] = [];
  for (const offer of offers) {
    const files = [...new Set(offer.steps.flatMap((s) => (s.type === 'git-config' ? [s.file] : [])))];
    const verdicts = await Promise.all(files.map((f) => pctx.writable.get(f) ?? pctx.inspectWrite(f)));
    const refused = verdicts.find((v): v is RefusedTarget => !v.ok);
    if (!offer.applicable || !refused) {
      out.push(offer);
      continue;
    }
    out.push(
      makeOffer(
        { code: offer.findingCode },
        {
          id: offer.id,
          kind: 'suggestion',
          title: `${offer.title} (not possible here)`,
          description: `${whyNot(refused, pctx)} (The plan was: ${offer.description})`,
        },
      ),
    );
  }
  return out;
}
