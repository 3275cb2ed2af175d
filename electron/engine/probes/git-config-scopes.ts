import type { ConfigEntry, ConfigScope } from '../model';
import type { RunResult } from '../runner';
import { parseConfigZ } from './git-config-parse';

// `--show-scope` exists from git 2.26 on. An older git (Git for Windows up to 2.25, the git of
// older Linux distributions and macOS releases) stops with a usage error, exit 129:
// "error: unknown option `show-scope'" (gabyx/Githooks #98, git-ecosystem/git-credential-manager
// #313). Its settings are then read without it, in git's reading order, and each file's scope
// is taken from git itself — `git config --system|--global|--local --list` names the files of
// that scope (what GCM did when it dropped --show-scope, git-credential-manager #318).

export const LIST_ARGS = ['config', '--list', '--show-origin', '--show-scope', '-z'];

export function rejectsShowScope(r: RunResult): boolean {
  return r.exitCode === 129 && /show-scope/.test(`${r.stderr}\n${r.stdout}`);
}

/** Git for Windows up to 2.23 read %PROGRAMDATA%\Git\config as system settings, but `--system` lists only etc\gitconfig. */
const PROGRAM_DATA_FILE = /^[A-Za-z]:\/ProgramData\/Git\/config$/i;

function originsOf(r: RunResult | undefined): Set<string> {
  if (!r || r.exitCode !== 0 || r.timedOut) return new Set();
  return new Set(parseConfigZ(r.stdout).map((e) => e.origin));
}

/**
 * The whole list without --show-scope, each entry's scope derived from the per-scope lists
 * (`unknown` where no scope lists the file, as Apple's git prints for its own file).
 */
export async function listWithDerivedScopes(
  run: (args: string[]) => Promise<RunResult>,
  withLocal: boolean,
): Promise<{ result: RunResult; entries: ConfigEntry[] }> {
  const scoped = (scope: string) =>
    run(['config', `--${scope}`, '--list', '--show-origin', '--includes', '-z']);
  const [result, system, global, local] = await Promise.all([
    run(['config', '--list', '--show-origin', '-z']),
    scoped('system'),
    scoped('global'),
    withLocal ? scoped('local') : undefined,
  ]);
  const files: [ConfigScope, Set<string>][] = [
    ['system', originsOf(system)],
    ['global', originsOf(global)],
    ['local', originsOf(local)],
  ];
  const entries = parseConfigZ(result.stdout).map((e): ConfigEntry => {
    if (e.originType === 'command line') return { ...e, scope: 'command' };
    const scope = files.find(([, set]) => set.has(e.origin))?.[0];
    if (scope) return { ...e, scope };
    return PROGRAM_DATA_FILE.test(e.origin.replace(/\\/g, '/')) ? { ...e, scope: 'system' } : e;
  });
  return { result, entries };
}
