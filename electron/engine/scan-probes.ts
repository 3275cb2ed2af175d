import { probeAccountOffline } from './account/offline';
import { probeAccount, type AccountProbeInput } from './account/probe';
import type { EngineContext } from './context';
import { clientGitContext } from './clients/git-context';
import type { ClientChoice } from './clients/types';
import type {
  AccountFacts,
  ClientFacts,
  Facts,
  GitFacts,
  LiveFacts,
  ProbeName,
  Probed,
  ScanEvent,
  TargetInput,
} from './model';
import { probeClients } from './probes/clients';
import { probeAwsCli } from './probes/aws-cli';
import { probeAwsConfig } from './probes/aws-config';
import { probeGit } from './probes/git';
import { probeLive } from './probes/live';
import { probeRemoteCodecommit } from './probes/remote-codecommit';
import { probeSsh } from './probes/ssh';
import { probeSubmodules } from './probes/submodules';
import { probeStores } from './platform';
import { resolveDirTargets, resolveMachineTargets, resolveUrlTarget, type ResolvedTargets } from './targets';

// Every probe starts at once; a probe waits only for the facts it truly needs.

export const OFFLINE_REASON = '--offline: AWS was not contacted';

export type ProbePromises = { [K in ProbeName]: Promise<Facts[K]> };

export interface StartedProbes {
  probes: ProbePromises;
  resolved: Promise<ResolvedTargets>;
}

async function timed<T>(run: () => Promise<T>): Promise<Probed<T>> {
  const started = performance.now();
  try {
    const value = await run();
    return { ok: true, value, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: message,
      timedOut: /timed out/i.test(message),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

function valueOf<T>(p: Probed<T>): T | undefined {
  return p.ok ? p.value : undefined;
}

/** Helper programs (`aws` or absolute paths) that credential.helper values start. */
function awsPrograms(git: Probed<GitFacts>): string[] {
  const programs = new Set<string>(['aws']);
  if (!git.ok) return [...programs];
  for (const e of git.value.config) {
    if (!/^credential\.(.*\.)?helper$/.test(e.key) || !e.value?.startsWith('!')) continue;
    const m = /^!\s*(?:"([^"]+)"|'([^']+)'|(\S+))\s+(?:.*\s)?codecommit\s+credential-helper/.exec(e.value);
    const program = m?.[1] ?? m?.[2] ?? m?.[3];
    if (program) programs.add(program);
  }
  return [...programs];
}

export interface ProbeStart {
  target: TargetInput;
  /** The account phase: `online` asks AWS; `local` (--offline) reads only what needs no network. */
  account: 'online' | 'local' | 'none';
  /** Whether a check reads the live check (it runs git against the repository). */
  live: boolean;
  offline: boolean;
  emit: (e: ScanEvent) => void;
  /** --client: the git client the user clones with (`terminal` or absent: none). */
  client?: ClientChoice;
  /** --git: the git program to diagnose with. */
  gitProgram?: string;
}

/**
 * The git probe's context: the scan's own, or — with --client/--git — the client's git
 * and settings, which the clients probe works out first (files only, bounded).
 */
function gitContextFor(ctx: EngineContext, clients: Promise<Probed<ClientFacts>>, o: ProbeStart) {
  const client = o.client && o.client !== 'terminal';
  if (!client && !o.gitProgram) return Promise.resolve(ctx);
  return clients.then((c) => {
    if (!c.ok) throw new Error(c.error);
    return clientGitContext(ctx, c.value);
  });
}

/** The AWS account phase: the SDK, unless the context answers for AWS (a replayed recording). */
function accountPhase(ctx: EngineContext): NonNullable<EngineContext['accountPhase']> {
  return ctx.accountPhase ?? ((input) => probeAccount(ctx, input));
}

export function startProbes(ctx: EngineContext, o: ProbeStart): StartedProbes {
  const done = <T>(name: ProbeName, p: Promise<Probed<T>>): Promise<Probed<T>> =>
    p.then((r) => {
      o.emit({ type: 'probe-finished', probe: name, ok: r.ok, durationMs: r.durationMs });
      return r;
    });
  const dir = o.target.kind === 'dir' ? o.target.path : undefined;
  const clients = done(
    'clients',
    timed(() =>
      probeClients(ctx, {
        ...(o.client ? { client: o.client } : {}),
        ...(o.gitProgram ? { gitProgram: o.gitProgram } : {}),
      }),
    ),
  );
  const gitCtx = gitContextFor(ctx, clients, o);
  const git = done(
    'git',
    timed(async () => probeGit(await gitCtx, { dir })),
  );
  const gitValue = git.then(valueOf);
  const awsConfig = done(
    'awsConfig',
    timed(() => probeAwsConfig(ctx)),
  );
  const stores = done(
    'stores',
    timed(() => probeStores(ctx, gitValue)),
  );
  const remoteCodecommit = done(
    'remoteCodecommit',
    timed(() => probeRemoteCodecommit(ctx)),
  );
  const awsCli = done(
    'awsCli',
    git.then((g) => timed(() => probeAwsCli(ctx, awsPrograms(g)))),
  );
  const target = o.target;
  const resolved: Promise<ResolvedTargets> = (async () => {
    switch (target.kind) {
      case 'url':
        return resolveUrlTarget(target.url);
      case 'dir': {
        const g = await gitValue;
        // The git the scan found (a client's own with --client), by its full path: never a
        // bare "git" (on Windows that would be looked for in the scanned folder first).
        const program = g?.executables[0]?.path;
        const gctx = await gitCtx.catch(() => ctx);
        const submodules = program ? await probeSubmodules(gctx, target.path, program).catch(() => []) : [];
        return resolveDirTargets(g, submodules);
      }
      case 'machine':
        return resolveMachineTargets(
          await gitValue,
          valueOf(await stores),
          valueOf(await awsConfig),
          target.region,
        );
    }
  })();
  const sshHosts = resolved.then(({ targets }) => [
    ...new Set(targets.filter((t) => t.transport === 'ssh' && t.hostname).map((t) => t.hostname as string)),
  ]);
  const ssh = done(
    'ssh',
    sshHosts.then((hosts) => timed(() => probeSsh(ctx, hosts))),
  );
  // The AWS account phase: only when a check asks for it; with --offline only what is local.
  const probe =
    o.account === 'local' ? (input: AccountProbeInput) => probeAccountOffline(ctx, input) : accountPhase(ctx);
  const account: Promise<Probed<AccountFacts>> =
    o.account !== 'none'
      ? done(
          'account',
          Promise.all([resolved, gitValue, awsConfig]).then(([{ targets }, g, a]) =>
            timed(() => probe({ targets, git: g, awsConfig: valueOf(a) })),
          ),
        )
      : Promise.resolve({
          ok: false,
          error: o.offline ? OFFLINE_REASON : 'not collected',
          timedOut: false,
          durationMs: 0,
        });
  // The live check: the same `git ls-remote` as `verify`, beside everything else, with the
  // scan's git (a client's own with --client); never with --offline.
  const live: Promise<Probed<LiveFacts>> = o.live
    ? done(
        'live',
        Promise.all([resolved, gitCtx.catch(() => ctx), clients]).then(([{ targets }, gctx, c]) =>
          timed(() =>
            probeLive(gctx, { target, targets, offline: o.offline, ...(c.ok ? { clients: c.value } : {}) }),
          ),
        ),
      )
    : Promise.resolve({ ok: false, error: 'not collected', timedOut: false, durationMs: 0 });
  return {
    probes: { git, awsConfig, stores, remoteCodecommit, awsCli, ssh, account, clients, live },
    resolved,
  };
}

/** All facts, once every probe is in (plans may need facts no single check read). */
export async function allFacts(ctx: EngineContext, started: StartedProbes): Promise<Facts> {
  const { targets, urlProblems, noAddress } = await started.resolved;
  const p = started.probes;
  const [git, awsCli, awsConfig, stores, ssh, remoteCodecommit, account, clients, live] = await Promise.all([
    p.git,
    p.awsCli,
    p.awsConfig,
    p.stores,
    p.ssh,
    p.remoteCodecommit,
    p.account,
    p.clients,
    p.live,
  ]);
  return {
    platform: ctx.platform,
    targets,
    urlProblems,
    ...(noAddress ? { noAddress } : {}),
    git,
    awsCli,
    awsConfig,
    stores,
    ssh,
    remoteCodecommit,
    account,
    clients,
    live,
  };
}
