import { clientById } from '../clients';
import { detectClients } from '../clients/detect';
import { isGitProgramName } from '../clients/git-context';
import { launchEnvironment } from '../clients/launch-env';
import type { ClientChoice, GitClient } from '../clients/types';
import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { DetectedClient } from '../clients/types';
import type { ClientFacts, SelectedClientFacts } from '../model';

// Which Git clients are installed (files only), and — when the user named the one they
// clone with (--client) — which git the scan must run for it and what the client puts on
// top. The git probe then runs that git with those settings (clients/git-context.ts).

export interface ClientProbeOptions {
  /** --client: a client id, or `terminal` for none. */
  client?: ClientChoice;
  /** --git: the git program to diagnose with. */
  gitProgram?: string;
}

function assumptionsOf(client: GitClient): string[] {
  const claims = [
    ['its git', client.git],
    ['what it does to credential helpers', client.helpers],
    ['what it adds to every git command', client.injected],
    ['where it keeps passwords', client.passwords],
  ] as const;
  const lines = claims
    .filter(([, c]) => c.assumed)
    .map(([what, c]) => `${client.name}: ${what} is assumed (${c.source}).`);
  if (client.conditional) lines.push(`${client.name}: ${client.conditional.value}`);
  return lines;
}

function gitFor(
  ctx: EngineContext,
  client: GitClient,
  detected: DetectedClient | undefined,
  gitProgram: string | undefined,
): Pick<SelectedClientFacts, 'git' | 'installRoot'> {
  if (client.git.value === 'in-process') return { git: { kind: 'in-process', from: 'none' } };
  if (gitProgram) return { git: { kind: client.git.value, program: gitProgram, from: '--git' } };
  if (client.git.value === 'bundled' && detected?.git) {
    const p = pathFor(ctx.platform);
    return {
      git: {
        kind: 'bundled',
        program: detected.git,
        from: 'bundled',
        ...(detected.execPath ? { execPath: detected.execPath } : {}),
      },
      installRoot: p.dirname(p.dirname(detected.git)),
    };
  }
  return { git: { kind: client.git.value, from: 'system' } };
}

export async function probeClients(ctx: EngineContext, opts: ClientProbeOptions = {}): Promise<ClientFacts> {
  const { gitProgram } = opts;
  if (gitProgram !== undefined) {
    if (!isGitProgramName(gitProgram, ctx.platform) || !pathFor(ctx.platform).isAbsolute(gitProgram))
      throw new Error(`--git ${gitProgram}: give the full path of a program called git.`);
    if (!(await ctx.isFile(gitProgram))) throw new Error(`--git ${gitProgram}: there is no such file.`);
  }
  const detected = await detectClients(ctx);
  const facts: ClientFacts = { detected };
  if (!opts.client || opts.client === 'terminal' || opts.client === 'other') {
    if (gitProgram) facts.gitProgram = gitProgram;
    return facts;
  }
  const client = clientById(opts.client);
  if (!client) throw new Error(`--client ${opts.client}: not a client the doctor knows.`);
  const found = detected.find((d) => d.id === client.id);
  const assumptions = assumptionsOf(client);
  const git = gitFor(ctx, client, found, gitProgram);
  if (client.git.value === 'bundled' && git.git.from === 'system') {
    assumptions.push(
      `${client.name}'s own git was not found on this computer, so the git on PATH was used with ${client.name}'s settings.`,
    );
  }
  facts.selected = {
    id: client.id,
    name: client.name,
    installed: found !== undefined,
    ...git,
    injected: [...client.injected.value],
    injectedEnv: [...client.injectedEnv.value],
    helpers: client.helpers.value,
    assumptions,
  };
  if (ctx.platform === 'darwin' && client.launch.value === 'launchd' && client.helpers.value === 'honours') {
    facts.launch = await launchEnvironment(ctx, client);
  }
  return facts;
}
