import type { EngineContext } from '../context';
import { pathFor, pathVar } from '../context';
import type { ClientFacts } from '../model';
import type { InjectedSetting } from './types';

// How the doctor runs git "as the client does": that client's git program first on PATH,
// and the client's `-c` settings through GIT_CONFIG_PARAMETERS (what GitHub Desktop and
// Fork themselves use), so `git config --list --show-scope` lists them with scope
// `command`, last, exactly where git applies them. The git probe needs no change for it;
// the live verify can run the same git with the same settings (`-c` arguments below).

/** git's sq_quote: `'…'` with every `'` as `'\''` (config.c reads GIT_CONFIG_PARAMETERS with sq_dequote). */
function sq(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** The GIT_CONFIG_PARAMETERS value that adds `settings` after whatever it already held. */
export function configParameters(existing: string | undefined, settings: readonly InjectedSetting[]): string {
  const added = settings.map((s) => sq(`${s.key}=${s.value}`)).join(' ');
  return existing ? `${existing} ${added}` : added;
}

/** The same settings as `git -c` arguments (for a command run directly, e.g. a verify). */
export function injectedArgs(settings: readonly InjectedSetting[]): string[] {
  return settings.flatMap((s) => ['-c', `${s.key}=${s.value}`]);
}

/** A git program the doctor can put first on PATH: it must be called git (git.exe on Windows). */
export function isGitProgramName(program: string, platform: EngineContext['platform']): boolean {
  const base = pathFor(platform).basename(program);
  return platform === 'win32' ? /^git(\.exe)?$/i.test(base) : base === 'git';
}

/** The git program and settings the scan should use for the client facts, if any. */
export function clientGit(facts: ClientFacts | undefined): ClientGitRun {
  const program = facts?.selected?.git.program ?? facts?.gitProgram;
  const execPath = facts?.selected?.git.execPath;
  return {
    ...(program ? { program } : {}),
    ...(execPath ? { execPath } : {}),
    injected: facts?.selected?.injected ?? [],
    ...(facts?.selected?.injectedEnv.length ? { clientEnv: facts.selected.injectedEnv } : {}),
  };
}

/** A git to run as a client runs it: its program (first on PATH), exec-path and `-c` settings. */
export interface ClientGitRun {
  program?: string;
  execPath?: string;
  injected: readonly InjectedSetting[];
  /**
   * Variables the client sets for its own git (GitHub Desktop's DESKTOP_PORT and trampoline
   * token, an IDE's GIT_ASKPASS): left out, so the client's own helper or prompt can never
   * reach a running client and ask the person anything while the doctor runs its git.
   */
  clientEnv?: readonly string[];
}

/** A context whose git is `g`: its program first on PATH and its `-c` settings in the environment. */
export function gitContextWith(ctx: EngineContext, g: ClientGitRun): EngineContext {
  const { program, execPath, injected } = g;
  if (!program && injected.length === 0 && !execPath && !g.clientEnv?.length) return ctx;
  const dropped = new Set(['PATH', ...(g.clientEnv ?? []).map((n) => n.toUpperCase())]);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(ctx.env)) if (!dropped.has(k.toUpperCase())) env[k] = v;
  const sep = ctx.platform === 'win32' ? ';' : ':';
  const path = pathVar(ctx.env);
  env.PATH = program ? [pathFor(ctx.platform).dirname(program), path].filter(Boolean).join(sep) : path;
  if (injected.length > 0)
    env.GIT_CONFIG_PARAMETERS = configParameters(ctx.env.GIT_CONFIG_PARAMETERS, injected);
  // As dugite does for GitHub Desktop's git: its helpers (git-credential-desktop) live there.
  if (execPath) env.GIT_EXEC_PATH = execPath;
  return { ...ctx, env };
}

/** A context whose git is the client's: its program first on PATH and its `-c` settings in the environment. */
export function clientGitContext(ctx: EngineContext, facts: ClientFacts | undefined): EngineContext {
  return gitContextWith(ctx, clientGit(facts));
}
