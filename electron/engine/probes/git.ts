import path from 'node:path';
import type { EngineContext } from '../context';
import { pathFor, pathVar } from '../context';
import type { ConfigEntry, GitFacts, RepositoryFacts } from '../model';
import { findOnPath } from '../resolve-program';
import { safeWindowsCwd } from '../platform/win32/launch';
import type { RunResult } from '../runner';
import { parseConfigZ } from './git-config-parse';
import { helperStartErrors } from './helper-start';
import { LIST_ARGS, listWithDerivedScopes, rejectsShowScope } from './git-config-scopes';
import { maskHelperCommand, scrubSecrets, scrubUrls } from '../../shared/redact';

// Which git runs, where its helpers live, and the settings that decide credentials.
// Config is read with -z (unambiguous, see git-config-parse.ts) from the folder under
// scan, so local and worktree settings and includeIf count exactly as they will for the
// clone. Only the keys the checks reason about are kept, and anything that can carry a
// secret (a password in a URL, an Authorization header) is masked before it leaves here.

const KEEP: readonly RegExp[] = [
  /^credential\./,
  /^remote\..+\.(url|pushurl)$/,
  /^url\..+\.(insteadof|pushinsteadof)$/,
  /^core\.(askpass|sshcommand)$/,
  /^http\./,
  /^include\.path$/,
  // Submodules: the URLs `git submodule init` registered, and git's protocol policy for them.
  /^submodule\..+\.url$/,
  /^protocol\./,
  /^includeif\..+\.path$/,
];
// Variables whose value is a secret or a file holding one's passphrase prompt.
const SECRET_VARIABLE = /(password|passwd|secret|token)$/;

/** The settings the probe keeps (and a recording: recording/redact.ts); user.email and the like are dropped. */
export function keep(key: string): boolean {
  if (!KEEP.some((re) => re.test(key))) return false;
  if (key.startsWith('http.') && SECRET_VARIABLE.test(key.slice(key.lastIndexOf('.') + 1))) return false;
  return true;
}

/** Every URL in the text with its password masked, whatever it holds (keys hold URLs too). */
export function redactUrlSecrets(s: string): string {
  return scrubUrls(s);
}

const COMMAND_KEY = /^(?:credential\..*|core\.askpass|core\.sshcommand)$/;

/** An entry as it may leave the probe (a recording masks git's output the same way). */
export function redactEntry(e: ConfigEntry): ConfigEntry {
  let value = e.value;
  if (value !== null) {
    if (/^http\.(.+\.)?extraheader$/.test(e.key)) value = '***';
    else {
      value = redactUrlSecrets(value);
      // A helper script can hold a literal password (`!f() { echo password='…'; }; f`,
      // `printf 'password=%s' …`), an ssh command `sshpass -p …`: masked here, so no output
      // path (evidence, chain, report, plans) ever has it.
      if (COMMAND_KEY.test(e.key)) value = maskHelperCommand(value);
    }
  }
  return { ...e, key: redactUrlSecrets(e.key), value };
}

function firstLine(r: RunResult): string {
  const text = (r.stderr || r.stdout || r.error || '').trim();
  return text.split(/\r?\n/).find((l) => /fatal|error/i.test(l)) ?? text.split(/\r?\n/)[0] ?? '';
}

function failure(r: RunResult, what: string): string {
  if (r.timedOut) return `${what} did not finish in time.`;
  if (r.notFound) return `${what}: git could not be started.`;
  // git quotes the line it could not read: a URL with a password, a helper command.
  const msg = scrubSecrets(firstLine(r));
  return msg ? msg : `${what} failed (exit code ${String(r.exitCode)}).`;
}

/** Named helpers (`osxkeychain`, `manager`, `store --file x`) git starts as `git credential-<name>`. */
function namedHelpers(config: ConfigEntry[]): string[] {
  const names = new Set<string>();
  for (const e of config) {
    if (!/^credential\.(.+\.)?helper$/.test(e.key) || !e.value) continue;
    const v = e.value.trim();
    if (v.startsWith('!') || v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\')) continue;
    const name = v.split(/\s+/)[0];
    if (name) names.add(name);
  }
  return [...names];
}

async function findHelperProgram(
  ctx: EngineContext,
  execPath: string | undefined,
  name: string,
): Promise<string | null> {
  const program = `git-credential-${name}`;
  // git looks in its exec-path first (run-command.c via exec_cmd), then on PATH.
  const sep = ctx.platform === 'win32' ? ';' : ':';
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(ctx.env)) if (k.toUpperCase() !== 'PATH') env[k] = v;
  env.PATH = [execPath, pathVar(ctx.env)].filter(Boolean).join(sep);
  const found = await findOnPath({ ...ctx, env }, program);
  return found[0] ?? null;
}

/** Apple's stub: it runs `xcrun git`, or opens the Command Line Tools installer when they are missing. */
const APPLE_STUB = '/usr/bin/git';

/**
 * Whether the Command Line Tools (or Xcode) that /usr/bin/git runs are missing. Unset, `xcode-select
 * -p` prints nothing and fails; set to a folder since deleted (a macOS upgrade removes the
 * tools), it prints that folder, and git then says "xcrun: error: invalid active developer
 * path" (Homebrew/install #36; tests/fixtures/darwin/SOURCES.md).
 */
async function commandLineToolsMissing(
  ctx: EngineContext,
): Promise<GitFacts['commandLineToolsMissing'] | undefined> {
  const r = await ctx.runner('/usr/bin/xcode-select', ['-p'], { env: ctx.env, timeoutMs: ctx.timeoutMs });
  // Could not ask: run git as before rather than guess.
  if (r.timedOut || r.notFound || r.error) return undefined;
  const dir = r.stdout.trim();
  if (r.exitCode !== 0 || !dir) {
    return {
      git: APPLE_STUB,
      detail: 'xcode-select -p names no developer folder: the Command Line Tools are not installed.',
    };
  }
  if (!(await ctx.isFile(path.posix.join(dir, 'usr', 'bin', 'git')))) {
    return {
      git: APPLE_STUB,
      developerDir: dir,
      detail: `xcode-select -p names ${dir}, which holds no git (the Command Line Tools were removed, as a macOS upgrade does).`,
    };
  }
  return undefined;
}

/**
 * Whether git works in the folder at all. `git config --list` there says nothing when it
 * does not (outside a repository, or in one git refuses because another user owns it, git
 * simply skips the repository's settings), so ask git for the repository itself.
 */
async function probeRepository(
  ctx: EngineContext,
  run: (args: string[], dir?: string) => Promise<RunResult>,
  dir: string,
): Promise<RepositoryFacts> {
  const env = ctx.env;
  const [r, top] = await Promise.all([
    run(['rev-parse', '--absolute-git-dir'], dir),
    run(['rev-parse', '--show-toplevel'], dir),
  ]);
  if (r.exitCode === 0 && !r.timedOut) {
    const gitDir = r.stdout.trim();
    const toplevel = top.exitCode === 0 ? top.stdout.trim() : '';
    return { dir, state: 'repository', ...(gitDir ? { gitDir } : {}), ...(toplevel ? { toplevel } : {}) };
  }
  const text = `${r.stderr}\n${r.stdout}`;
  const message = failure(r, 'Reading the repository');
  // git 2.35.2+: "fatal: detected dubious ownership in repository at '<path>'", then the
  // exact `git config --global --add safe.directory <path>` line it wants.
  const dubious = /detected dubious ownership in repository at '(.+)'/.exec(text);
  if (dubious?.[1]) {
    const safeDirectory =
      /git config --global --add safe\.directory (.+)/.exec(text)?.[1]?.trim() ?? dubious[1];
    const owner = (await ctx.statPath(dubious[1]))?.uid;
    // git run by root through sudo compares the owner with SUDO_UID (the person), not with 0.
    const uid = process.getuid?.();
    const sudoUid = uid === 0 && /^\d+$/.test(env.SUDO_UID ?? '') ? Number(env.SUDO_UID) : undefined;
    const scanUid = sudoUid ?? uid;
    return {
      dir,
      state: 'dubious-ownership',
      message,
      safeDirectory,
      ...(owner !== undefined && scanUid !== undefined ? { ownerUid: owner, scanUid } : {}),
      ...(sudoUid !== undefined ? { viaSudo: true } : {}),
    };
  }
  if (/not a git repository/i.test(text)) return { dir, state: 'not-a-repository', message };
  return { dir, state: 'error', message };
}

export async function probeGit(ctx: EngineContext, opts: { dir?: string } = {}): Promise<GitFacts> {
  const facts: GitFacts = { executables: [], config: [], helperPrograms: {} };
  const found = await findOnPath(ctx, 'git');
  facts.executables = found.map((p) => ({ path: p }));
  const git = found[0];
  if (!git) return facts;
  if (ctx.platform === 'darwin' && git === APPLE_STUB) {
    const missing = await commandLineToolsMissing(ctx);
    if (missing) return { ...facts, executables: [], commandLineToolsMissing: missing };
  }
  const p = pathFor(ctx.platform);
  // git is told the folder with -C rather than started in it: on Windows a program is never
  // started from the scanned repository (platform/win32/launch.ts).
  const run = (args: string[], dir?: string, env: NodeJS.ProcessEnv = ctx.env) =>
    ctx.runner(git, dir ? ['-C', p.resolve(ctx.cwd, dir), ...args] : args, {
      env,
      timeoutMs: ctx.timeoutMs,
      ...(ctx.platform === 'win32' ? { cwd: safeWindowsCwd(ctx.env) } : {}),
    });

  const [version, exec] = await Promise.all([run(['--version']), run(['--exec-path'])]);
  if (version.exitCode === 0) {
    const v = version.stdout.trim().replace(/^git version\s+/, '');
    if (v) facts.version = v;
  }
  if (exec.exitCode === 0 && exec.stdout.trim()) {
    facts.execPath = p.normalize(exec.stdout.trim());
  }

  const where = opts.dir ?? ctx.home;
  const [first, repository] = await Promise.all([
    run(LIST_ARGS, where),
    opts.dir !== undefined ? probeRepository(ctx, run, opts.dir) : undefined,
  ]);
  if (repository) facts.repository = repository;
  // A git older than 2.26 has no --show-scope: read it again without, scopes from git itself.
  const { result: list, entries } = rejectsShowScope(first)
    ? await listWithDerivedScopes((args) => run(args, where), repository?.state === 'repository')
    : { result: first, entries: parseConfigZ(first.stdout) };
  // git prints the repository's own files relative to where it works (the top of the work
  // tree, or the git folder of a bare one): made absolute, they name the file a fix edits.
  const gitDir = repository?.gitDir;
  const base = repository?.toplevel ?? (gitDir && p.basename(gitDir) === '.git' ? p.dirname(gitDir) : gitDir);
  // Entries read before a fatal error are still printed; keep them, and say what failed.
  facts.config = entries
    .filter((e) => keep(e.key))
    .map(redactEntry)
    .map((e) =>
      base && e.originType === 'file' && e.origin && !p.isAbsolute(e.origin)
        ? { ...e, origin: p.resolve(base, e.origin) }
        : e,
    );
  if (list.exitCode !== 0 || list.timedOut) facts.configError = failure(list, 'Reading git settings');

  const named = namedHelpers(facts.config);
  for (const name of named) {
    facts.helperPrograms[name] = await findHelperProgram(ctx, facts.execPath, name);
  }
  // Asked where the settings were read: a repository's aliases count as git's own would.
  const cannotStart = await helperStartErrors(ctx, facts.config, facts.helperPrograms, (args) =>
    run(args, where),
  );
  if (Object.keys(cannotStart).length > 0) facts.helperStartErrors = cannotStart;
  // LANGUAGE wins over LANG for git's messages (gettext): "is not a git command" stays English.
  if (named.includes('manager-core'))
    facts.gcmCommands = await gcmCommands((args) => run(args, undefined, { ...ctx.env, LANGUAGE: 'en' }));
  return facts;
}

/**
 * Which of GCM's names git can run. Asked of git, not looked for in the exec-path: Git for
 * Windows 2.36.1 moved GCM to mingw64\bin (git-for-windows/build-extra #406), where only
 * git's own PATH finds it, and its GCM 2.0.696 answers only to `manager-core` (GCM #697).
 * `help.autocorrect=0`: git must never run the "most similar command" in its place.
 */
async function gcmCommands(
  run: (args: string[]) => Promise<RunResult>,
): Promise<NonNullable<GitFacts['gcmCommands']>> {
  const ask = async (name: 'manager-core' | 'manager') => {
    const r = await run(['-c', 'help.autocorrect=0', `credential-${name}`, '--version']);
    if (r.timedOut || r.notFound || r.error) return undefined;
    if (/is not a git command/.test(`${r.stderr}\n${r.stdout}`)) return false;
    return r.exitCode === 0 ? true : undefined;
  };
  const [core, manager] = await Promise.all([ask('manager-core'), ask('manager')]);
  return {
    ...(core !== undefined ? { 'manager-core': core } : {}),
    ...(manager !== undefined ? { manager } : {}),
  };
}
