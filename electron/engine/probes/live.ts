import type { EngineContext } from '../context';
import { liveCheck } from '../fixes/verify';
import type { ClientFacts, LiveFacts, RemoteTarget, TargetInput } from '../model';

// The live check as part of the scan: the same `git ls-remote` that `verify` runs (prompts
// off, get-only helpers, the one timeout), against the one address the person asked about,
// with the git and settings the scan diagnoses (a client's own, with --client). It runs
// beside the other probes; nothing waits for it but the check that reports it.

export const OFFLINE_LIVE_REASON = '--offline: the repository was not contacted';
export const MACHINE_LIVE_REASON = 'a whole-computer check has no single address to try';
export const NO_ADDRESS_REASON = 'there is no CodeCommit address to try';

/** The remote to try in a folder: `origin` when it is a CodeCommit one, else the first that is. */
export function liveTargetOf(input: TargetInput, targets: readonly RemoteTarget[]): RemoteTarget | undefined {
  if (input.kind === 'machine') return undefined;
  if (input.kind === 'url') return targets[0];
  return targets.find((t) => t.remote === 'origin') ?? targets.find((t) => t.remote);
}

export interface LiveProbeInput {
  target: TargetInput;
  targets: readonly RemoteTarget[];
  offline: boolean;
  clients?: ClientFacts;
}

export async function probeLive(ctx: EngineContext, o: LiveProbeInput): Promise<LiveFacts> {
  if (o.offline) return { tried: false, reason: OFFLINE_LIVE_REASON };
  if (o.target.kind === 'machine') return { tried: false, reason: MACHINE_LIVE_REASON };
  const selected = o.clients?.selected;
  if (selected?.git.kind === 'in-process')
    return {
      tried: false,
      reason: `${selected.name} does not run git, so the doctor cannot clone the way it does`,
    };
  const t = liveTargetOf(o.target, o.targets);
  if (!t) return { tried: false, reason: NO_ADDRESS_REASON };
  // The address as given (a password in it stays in-process: the run scrubs what it shows),
  // or the folder's remote by name, so git applies insteadOf and the folder's own settings.
  const run =
    o.target.kind === 'url'
      ? await liveCheck(ctx, o.target.url)
      : await liveCheck(ctx, t.remote as string, { cwd: o.target.path });
  return {
    tried: true,
    target: t.key,
    display: t.display,
    verdict: run.verdict,
    helpers: run.helpers,
    activity: run.activity,
    trace: run.trace,
  };
}
