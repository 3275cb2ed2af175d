import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { AwsCliFacts, AwsProgram } from '../model';
import { findCmdOnly, findForShell } from '../resolve-program';
import { comSpec, safeWindowsCwd } from '../platform/win32/launch';
import type { RunResult } from '../runner';
import { cachedVersionLine, rememberVersionLine } from './aws-version-cache';
import { parseAwsVersion } from './aws-version';
import { startProblemOf, unusableOnPath } from './program-start';

// Finds each `aws` the credential helpers start and asks it for its version.
//
// Note on `prompt/…` in the output: the runner always sets AWS_CLI_AUTO_PROMPT=off (so
// nothing can wait for a keyboard), and v2 prints the *effective* setting, so the version
// line read here always says `prompt/off`. Whether auto-prompt is on for git's helper
// must come from `envAutoPrompt` and the profile's `cli_auto_prompt`, not from this line.

/** What cmd.exe would reinterpret even inside quotes (`%VAR%` expansion) or cannot quote at all. */
const CMD_UNSAFE_RE = /["%\r\n\0]/;

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

/**
 * Normalises a program as written in a helper command into something resolveProgram
 * understands: surrounding quotes dropped, `~` expanded (git runs `!` helpers through
 * sh), and on Windows the MSYS form `/c/Program Files/…` turned into `C:\Program Files\…`.
 */
function normaliseProgram(ctx: EngineContext, program: string): string {
  let p = program
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/^'(.*)'$/, '$1');
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\'))
    p = pathFor(ctx.platform).join(ctx.home, p.slice(1));
  if (ctx.platform === 'win32') {
    const msys = /^\/([a-zA-Z])(\/.*)?$/.exec(p);
    if (msys?.[1]) p = `${msys[1].toUpperCase()}:${(msys[2] ?? '/').replace(/\//g, '\\')}`;
  }
  return p;
}

/**
 * The argv that runs `<resolved> --version`. Node refuses to spawn a `.cmd`/`.bat`
 * without a shell (CVE-2024-27980 fix, EINVAL), so on Windows those go through cmd.exe
 * exactly the way Node's own `shell: true` does it: `/d` (no AutoRun), `/s` (strip only
 * the outermost quotes), `/c "<command line>"`. The command line is built only from the
 * resolved path, which came from PATH and an existing file, never from free text; a path
 * cmd would reinterpret is refused.
 * The runner must pass this argument verbatim (Node's `windowsVerbatimArguments`).
 */
export function versionCommand(
  ctx: EngineContext,
  resolvedPath: string,
): { command: string; args: string[] } | { error: string } {
  if (ctx.platform === 'win32' && /\.(cmd|bat)$/i.test(resolvedPath)) {
    if (CMD_UNSAFE_RE.test(resolvedPath)) {
      return { error: 'not run: its path holds characters cmd.exe would change (" or %)' };
    }
    return { command: comSpec(ctx.env), args: ['/d', '/s', '/c', `""${resolvedPath}" --version"`] };
  }
  return { command: resolvedPath, args: ['--version'] };
}

function describeFailure(r: RunResult, timeoutMs: number): string {
  if (r.timedOut) return `timed out after ${formatSeconds(timeoutMs)} s`;
  if (r.notFound) return 'could not be started (not found or not executable)';
  if (r.error) return `could not be started: ${r.error}`;
  const firstLine =
    `${r.stderr}\n${r.stdout}`
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? '';
  const shown = firstLine.length > 160 ? `${firstLine.slice(0, 160)}…` : firstLine;
  const exit = r.exitCode === null ? `ended by ${r.signal ?? 'a signal'}` : `exit code ${r.exitCode}`;
  return shown
    ? `--version printed no version line (${exit}): ${shown}`
    : `--version printed nothing (${exit})`;
}

async function probeOne(
  ctx: EngineContext,
  program: string,
  runs: Map<string, Promise<AwsProgram>>,
): Promise<AwsProgram> {
  // `aws` and a helper's `/usr/bin/aws` are often one file: ask it once.
  const once = (file: string) => {
    let run = runs.get(file);
    if (!run) {
      run = versionOf(ctx, file);
      runs.set(file, run);
    }
    return run;
  };
  // Found as git's helper shell finds it: on Windows that is never a .cmd/.bat by its bare name.
  const name = normaliseProgram(ctx, program);
  const resolvedPath = await findForShell(ctx, name);
  if (resolvedPath) return { ...(await once(resolvedPath)), program };
  // There but unable to start (POSIX: a gone #! interpreter, no execute bit, a dangling link).
  const startProblem = await unusableOnPath(ctx, name);
  if (startProblem) return { program, resolvedPath: null, startProblem };
  const cmd = await findCmdOnly(ctx, name);
  if (!cmd) return { program, resolvedPath: null };
  const { version, versionError } = await once(cmd);
  return {
    program,
    resolvedPath: null,
    cmdOnly: { path: cmd, ...(version ? { version } : {}), ...(versionError ? { versionError } : {}) },
  };
}

async function versionOf(ctx: EngineContext, resolvedPath: string): Promise<AwsProgram> {
  const program = resolvedPath;
  const cached = await cachedVersionLine(ctx, resolvedPath);
  const fromCache = cached !== undefined ? parseAwsVersion(cached, resolvedPath) : null;
  if (fromCache) return { program, resolvedPath, version: fromCache };
  const cmd = versionCommand(ctx, resolvedPath);
  if ('error' in cmd) return { program, resolvedPath, versionError: cmd.error };
  let result: RunResult;
  try {
    result = await ctx.runner(cmd.command, cmd.args, {
      env: ctx.env,
      // cmd.exe looks for the commands aws.cmd runs (python…) in its working folder first.
      cwd: ctx.platform === 'win32' ? safeWindowsCwd(ctx.env) : ctx.cwd,
      timeoutMs: ctx.timeoutMs,
    });
  } catch (e) {
    return { program, resolvedPath, versionError: `could not be started: ${(e as Error).message}` };
  }
  if (!result.timedOut && !result.notFound && !result.error) {
    const version = parseAwsVersion(`${result.stdout}\n${result.stderr}`, resolvedPath);
    if (version) {
      await rememberVersionLine(ctx, resolvedPath, version.raw);
      return { program, resolvedPath, version };
    }
  }
  const startProblem = result.notFound ? await startProblemOf(ctx, resolvedPath) : undefined;
  return {
    program,
    resolvedPath,
    versionError: describeFailure(result, ctx.timeoutMs),
    ...(startProblem ? { startProblem } : {}),
  };
}

/** `programs`: what the configured AWS helpers start (`aws`, absolute paths…); `aws` is always added. */
export async function probeAwsCli(ctx: EngineContext, programs: string[]): Promise<AwsCliFacts> {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const p of ['aws', ...programs]) {
    if (typeof p !== 'string' || !p.trim()) continue;
    const key = ctx.platform === 'win32' ? p.trim().toLowerCase() : p.trim();
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(p.trim());
  }
  const runs = new Map<string, Promise<AwsProgram>>();
  const results = await Promise.all(unique.map((p) => probeOne(ctx, p, runs)));
  const facts: AwsCliFacts = { programs: results };
  const envAutoPrompt = ctx.env.AWS_CLI_AUTO_PROMPT;
  if (envAutoPrompt !== undefined) facts.envAutoPrompt = envAutoPrompt;
  return facts;
}
