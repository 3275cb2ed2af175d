import type { PlanContext } from '../checks/check';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import { commandLine } from '../../shared/command-line';
import type { ConfigEntry, FixOffer, FixStep } from '../model';
import { makeOffer } from './offer';
import { stepKind } from './steps';
import { currentWriter, type RefusedTarget, type WriteProblem, type WriteVerdict } from './write-target';

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

const PERSON_CAN_ACT: readonly WriteProblem[] = ['read-only', 'other-owner', 'folder-not-writable'];

function forOneRepo(pctx: PlanContext): string {
  return pctx.target.kind === 'dir'
    ? ''
    : " For one repository, run the doctor with --dir <its folder>: the setting then goes into that repository's own settings.";
}

/** Nothing can be written there (a device, a FIFO, a missing folder): why, and what would work. */
function notPossible(r: RefusedTarget, pctx: PlanContext): string {
  if (r.file === pctx.globalFile && pctx.ctx.env.GIT_CONFIG_GLOBAL === r.file)
    return `Not possible here: ${r.reason}. GIT_CONFIG_GLOBAL points git at it, so git keeps none of your own settings anywhere else and nothing written to ~/.gitconfig would count. Unset GIT_CONFIG_GLOBAL (git then reads ~/.gitconfig) or point it at a regular file, then run codecommit-doctor fix again.${forOneRepo(pctx)}`;
  return `Not possible here: ${r.reason}. Nothing is written there; make it a regular file in a folder you own (or remove it), then run codecommit-doctor fix again.${forOneRepo(pctx)}`;
}

/** The file is the person's to decide about (read-only, someone else's): what they can do. */
function forThePerson(r: RefusedTarget, pctx: PlanContext): string {
  const unlock =
    pctx.ctx.platform === 'win32'
      ? commandLine(['attrib', '-R', r.file])
      : commandLine(['chmod', 'u+w', r.file]);
  switch (r.problem) {
    case 'read-only':
      return `Not done here: ${r.reason}, and the doctor leaves a read-only file as it is. If you want this change, make it writable (${unlock}), then run the commands below.${forOneRepo(pctx)}`;
    case 'other-owner':
      return `Not done here: ${r.reason}. The doctor does not replace another user's file (git would make it yours). That user can run the commands below, or run codecommit-doctor fix themselves.${forOneRepo(pctx)}`;
    default:
      return `Not done here: ${r.reason}. Someone who may write there can run the commands below.${forOneRepo(pctx)}`;
  }
}

/** A step as a command for the person to run (shown, never run here). */
function asCommand(step: FixStep): FixStep {
  const argv = stepKind(step).argv(step);
  return step.type === 'git-config' && argv
    ? { type: 'command', argv, admin: false, note: 'Run yourself' }
    : step;
}

function refusedOffer(offer: FixOffer, r: RefusedTarget, pctx: PlanContext): FixOffer {
  const was = `(The plan: ${offer.description})`;
  if (PERSON_CAN_ACT.includes(r.problem))
    return makeOffer(
      { code: offer.findingCode },
      {
        id: offer.id,
        kind: 'suggestion',
        title: `${offer.title} (for you to run)`,
        description: `${forThePerson(r, pctx)} ${was}`,
        steps: offer.steps.map(asCommand),
      },
    );
  return makeOffer(
    { code: offer.findingCode },
    {
      id: offer.id,
      kind: 'suggestion',
      title: `${offer.title} (not possible here)`,
      description: `${notPossible(r, pctx)} ${was}`,
    },
  );
}

/**
 * Plans that would write where the doctor may not are said plainly instead: a device, a
 * FIFO or a missing folder (why, and what would work), a read-only or another user's file
 * (why, and the exact commands for the person to run). A file root writes for a user stays
 * theirs, and the plan says so. Runs on every planner's offers, so no planner can forget
 * it; the git-config step checks again when it runs.
 */
export async function gateWrites(offers: FixOffer[], pctx: PlanContext): Promise<FixOffer[]> {
  const me = currentWriter().uid;
  const out: FixOffer[] = [];
  for (const offer of offers) {
    const files = [...new Set(offer.steps.flatMap((s) => (s.type === 'git-config' ? [s.file] : [])))];
    const verdicts = await Promise.all(files.map((f) => pctx.writable.get(f) ?? pctx.inspectWrite(f)));
    const refused = verdicts.find((v): v is RefusedTarget => !v.ok);
    if (!offer.applicable) out.push(offer);
    else if (refused) out.push(refusedOffer(offer, refused, pctx));
    else {
      const kept = verdicts.flatMap((v) =>
        v.ok && v.exists && v.owner && me !== undefined && v.owner.uid !== me
          ? [`${v.file} stays owned by user id ${v.owner.uid}, with its permissions.`]
          : [],
      );
      out.push(kept.length ? { ...offer, description: `${offer.description} ${kept.join(' ')}` } : offer);
    }
  }
  return out;
}
