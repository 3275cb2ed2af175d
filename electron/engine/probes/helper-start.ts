import type { EngineContext } from '../context';
import { pathFor } from '../context';
import type { ConfigEntry } from '../model';
import type { RunResult } from '../runner';

// A helper git cannot start does not answer first: git prints why and asks the next one
// (with `helper = manager` and no Git Credential Manager installed, git 2.39 prints "git:
// 'credential-manager' is not a git command. See 'git --help'." and the AWS helper answers).
//
// Which named helpers git can start is asked of git without starting any of them:
// `git --list-cmds=builtins,main,others,alias` (git ≥ 2.18) lists exactly where
// `git credential-<name>` is looked for — its built-in commands, its exec-path, its PATH
// (Git for Windows keeps GCM in mingw64\bin, on the PATH git.exe gives itself, where a file
// search of ours would miss it) and aliases. It is asked only when a name was not found as a
// file. A helper given by its absolute path runs through sh; a missing file is sh's "not found".

/** The helper's program, as a key: its name (`manager`) or its path. Null for a `!command`. */
export function helperProgramKey(value: string): string | null {
  const v = value.trim();
  if (v === '' || v.startsWith('!')) return null;
  const first = /^"([^"]+)"|^'([^']+)'|^(\S+)/.exec(v);
  return first?.[1] ?? first?.[2] ?? first?.[3] ?? null;
}

function isAbsolute(key: string, platform: EngineContext['platform']): boolean {
  return pathFor(platform).isAbsolute(key) || /^[A-Za-z]:[\\/]/.test(key);
}

/** What git prints for a command it cannot find (help.c help_unknown_cmd, git 2.39). */
export function notAGitCommand(name: string): string {
  return `git: 'credential-${name}' is not a git command. See 'git --help'.`;
}

export const LIST_CMDS = ['--list-cmds=builtins,main,others,alias'];

/**
 * Helpers of `config` git cannot start: key (see helperProgramKey) → what git or sh prints.
 * `found` is the file search's answer per name (null: no file found). When git cannot list
 * its commands (older than 2.18, timed out, a replay without the answer), a name is left
 * out: "cannot start" is said only on git's own word.
 */
export async function helperStartErrors(
  ctx: EngineContext,
  config: readonly ConfigEntry[],
  found: Readonly<Record<string, string | null>>,
  runGit: (args: string[]) => Promise<RunResult>,
): Promise<Record<string, string>> {
  const keys = new Set<string>();
  for (const e of config) {
    if (!/^credential\.(.+\.)?helper$/.test(e.key) || !e.value) continue;
    const key = helperProgramKey(e.value);
    if (key) keys.add(key);
  }
  const out: Record<string, string> = {};
  const named: string[] = [];
  for (const key of keys) {
    if (isAbsolute(key, ctx.platform)) {
      if (!(await ctx.isFile(key))) out[key] = `${key}: not found (there is no such file)`;
    } else if (found[key] === null) named.push(key);
  }
  if (named.length === 0) return out;
  const r = await runGit(LIST_CMDS).catch(() => undefined);
  if (!r || r.timedOut || r.exitCode !== 0) return out;
  const fold = (s: string) => (ctx.platform === 'win32' ? s.toLowerCase() : s);
  const commands = new Set(r.stdout.split(/\r?\n/).map((l) => fold(l.trim())));
  // A listing without git's own `credential` command is not the listing asked for.
  if (!commands.has('credential')) return out;
  for (const name of named) if (!commands.has(fold(`credential-${name}`))) out[name] = notAGitCommand(name);
  return out;
}
