import type { EngineContext } from '../context';
import type { ClientFacts } from '../model';
import { probeClients, type ClientProbeOptions } from '../probes/clients';
import { clientGitContext } from './git-context';

// `verify`, and the fix flow's before/after, run git as the person's client runs it: the
// scan's live check does the same through the git probe's context (scan-probes.ts). So
// "works" after a fix means works with that client's git and the settings it adds
// (GitHub Desktop's `credential.helper=` reset and its own helper), not just in a terminal.

export interface ClientRun {
  /** The context whose git is the client's (the one given when no client or git was named). */
  ctx: EngineContext;
  facts?: ClientFacts;
  /** "GitHub Desktop's git (/Applications/…/git)", for the words around a verdict. */
  label?: string;
}

/** The client's git context for --client/--git (files only, bounded); throws on a --git that is not a git program. */
export async function clientRun(ctx: EngineContext, o: ClientProbeOptions): Promise<ClientRun> {
  const named = o.client !== undefined && o.client !== 'terminal' && o.client !== 'other';
  if (!named && !o.gitProgram) return { ctx };
  const facts = await probeClients(ctx, o);
  const s = facts.selected;
  const program = s?.git.program ?? facts.gitProgram;
  const label = s
    ? s.git.kind === 'in-process'
      ? `${s.name} (not git: the doctor cannot run it)`
      : `${s.name} with ${program ? `its git ${program}` : 'the git on PATH'}${s.injected.length ? ` and ${s.injected.map((x) => `-c ${x.key}=${x.value}`).join(' ')}` : ''}`
    : `the git ${program ?? 'on PATH'}`;
  return { ctx: clientGitContext(ctx, facts), facts, label };
}
