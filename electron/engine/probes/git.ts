import { stat } from 'node:fs/promises';
import type { EngineContext } from '../context';
import { pathFor, pathVar } from '../context';
import type { ConfigEntry, GitFacts, RepositoryFacts } from '../model';
import { findOnPath } from '../resolve-program';
import type { RunResult } from '../runner';
import { parseConfigZ } from './git-config-parse';
import { helperStartErrors } from './helper-start';
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

function keep(key: string): boolean {
  if (!KEEP.some((re) => re.test(key))) return false;
  if (key.startsWith('http.') && SECRET_VARIABLE.test(key.slice(key.lastIndexOf('.') + 1))) return false;
  return true;
}

/** Every URL in the text with its password masked, whatever it holds (keys hold URLs too). */
export function redactUrlSecrets(s: string): string {
  return scrubUrls(s);
}

const COMMAND_KEY = /^(?:credential\..*|core\.askpass|core\.sshcommand)$/;

function redactEntry(e: ConfigEntry): ConfigEntry {
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

/**
 * Whether git works in the folder at all. `git config --list` there says nothing when it
 * does not (outside a repository, or in one git refuses because another user owns it, git
 * simply skips the repository's settings), so ask git for the repository itself.
 */
async function probeRepository(
  run: (args: string[], cwd?: string) => Promise<RunResult>,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<RepositoryFacts> {
  const r = await run(['rev-parse', '--absolute-git-dir'], dir);
  if (r.exitCode === 0 && !r.timedOut) return { dir, state: 'repository' };
  const text = `${r.stderr}\n${r.stdout}`;
  const message = failure(r, 'Reading the repository');
  // git 2.35.2+: "fatal: detected dubious ownership in repository at '<path>'", then the
  // exact `git config --global --add safe.directory <path>` line it wants.
  const dubious = /detected dubious ownership in repository at '(.+)'/.exec(text);
  if (dubious?.[1]) {
    const safeDirectory =
      /git config --global --add safe\.directory (.+)/.exec(text)?.[1]?.trim() ?? dubious[1];
    const owner = await stat(dubious[1]).then(
      (s) => s.uid,
      () => undefined,
    );
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
  const run = (args: string[], cwd?: string) =>
    ctx.runner(git, args, { env: ctx.env, timeoutMs: ctx.timeoutMs, ...(cwd ? { cwd } : {}) });

  const [version, exec] = await Promise.all([run(['--version']), run(['--exec-path'])]);
  if (version.exitCode === 0) {
    const v = version.stdout.trim().replace(/^git version\s+/, '');
    if (v) facts.version = v;
  }
  if (exec.exitCode === 0 && exec.stdout.trim()) {
    facts.execPath = pathFor(ctx.platform).normalize(exec.stdout.trim());
  }

  const [list, repository] = await Promise.all([
    run(['config', '--list', '--show-origin', '--show-scope', '-z'], opts.dir ?? ctx.home),
    opts.dir !== undefined ? probeRepository(run, opts.dir, ctx.env) : undefined,
  ]);
  if (repository) facts.repository = repository;
  // Entries read before a fatal error are still printed; keep them, and say what failed.
  facts.config = parseConfigZ(list.stdout)
    .filter((e) => keep(e.key))
    .map(redactEntry);
  if (list.exitCode !== 0 || list.timedOut) facts.configError = failure(list, 'Reading git settings');

  for (const name of namedHelpers(facts.config)) {
    facts.helperPrograms[name] = await findHelperProgram(ctx, facts.execPath, name);
  }
  // Asked where the settings were read: a repository's aliases count as git's own would.
  const cannotStart = await helperStartErrors(ctx, facts.config, facts.helperPrograms, (args) =>
    run(args, opts.dir ?? ctx.home),
  );
  if (Object.keys(cannotStart).length > 0) facts.helperStartErrors = cannotStart;
  return facts;
}
