import { describe, expect, it } from 'vitest';
import type { RunOptions, RunResult, Runner } from '../../electron/engine/runner';
import { runScan } from '../../electron/engine/scan';
import { fakeInstall, WIN_ENV, WIN_HOME } from '../support/fake-install';

// A Windows computer replayed on any machine: Fork and GitHub Desktop laid out as installed,
// Git for Windows on PATH. The scan must run the CLIENT's git.exe (not the one on PATH), with
// exactly the environment the client gives it, and reason about what that git lists — its
// own system settings file as git for Windows prints it (C:/… with forward slashes,
// fork-dev/TrackerWin #1776).

const L = `${WIN_HOME}\\AppData\\Local`;
const FORK_GIT = `${L}\\Fork\\gitInstance\\2.45.2\\bin\\git.exe`;
const DESKTOP_ROOT = `${L}\\GitHubDesktop\\app-3.4.9\\resources\\app\\git`;
const DESKTOP_GIT = `${DESKTOP_ROOT}\\cmd\\git.exe`;
const SYSTEM_GIT = 'C:\\Program Files\\Git\\cmd\\git.exe';
const FILES = [`${L}\\Fork\\Fork.exe`, FORK_GIT, DESKTOP_GIT, SYSTEM_GIT];
const ENV = {
  ...WIN_ENV,
  Path: 'C:\\Program Files\\Git\\cmd;C:\\Windows\\System32',
  PATHEXT: '.COM;.EXE;.BAT;.CMD',
};
const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const AWS = '!aws codecommit credential-helper $@';

/** `git config --list --show-origin --show-scope -z` as git prints it. */
function listZ(entries: [scope: string, origin: string, key: string, value: string][]): string {
  return entries.map(([scope, origin, key, value]) => `${scope}\0${origin}\0${key}\n${value}\0`).join('');
}

const ok = (command: string, args: readonly string[], stdout: string): RunResult => ({
  command,
  args,
  exitCode: 0,
  signal: null,
  stdout,
  stderr: '',
  timedOut: false,
  notFound: false,
  durationMs: 1,
});

/** Answers git as the client's git would, from the environment it was given; nothing else exists. */
function windowsGit(systemFile: string, calls: { command: string; env?: NodeJS.ProcessEnv }[]): Runner {
  return async (command: string, argv: readonly string[], options?: RunOptions) => {
    let args = argv;
    calls.push({ command, ...(options?.env ? { env: options.env } : {}) });
    if (!/git\.exe$/i.test(command)) return { ...ok(command, args, ''), exitCode: null, notFound: true };
    // `git -C <folder> …`: the folder is not part of what is asked.
    if (args[0] === '-C') args = args.slice(2);
    if (args[0] === '--version') return ok(command, args, 'git version 2.45.2.windows.1\n');
    if (args[0] === '--exec-path') return ok(command, args, 'C:/git/mingw64/libexec/git-core\n');
    if (args[0] === 'config') {
      const injected = (options?.env?.GIT_CONFIG_PARAMETERS ?? '')
        .split(/' '/)
        .map((s) => s.replace(/^'|'$/g, ''))
        .filter(Boolean)
        .map((kv): [string, string, string, string] => [
          'command',
          'command line:',
          kv.split('=')[0] as string,
          kv.slice(kv.indexOf('=') + 1),
        ]);
      return ok(
        command,
        args,
        listZ([
          ['system', `file:${systemFile}`, 'credential.helper', 'manager'],
          ['global', 'file:C:/Users/ana/.gitconfig', 'credential.helper', AWS],
          ['global', 'file:C:/Users/ana/.gitconfig', 'credential.usehttppath', 'true'],
          ...injected,
        ]),
      );
    }
    return { ...ok(command, args, ''), exitCode: 1 };
  };
}

describe('a replayed Windows computer', () => {
  it('Fork: its gitInstance git.exe runs (not Git for Windows on PATH), and its etc/gitconfig is named', async () => {
    const calls: { command: string; env?: NodeJS.ProcessEnv }[] = [];
    const systemFile = 'C:/Users/ana/AppData/Local/Fork/gitInstance/2.45.2/etc/gitconfig';
    const { ctx } = fakeInstall('win32', FILES, ENV, windowsGit(systemFile, calls));
    const r = await runScan(ctx, { target: { kind: 'url', url: URL }, offline: true, client: 'fork' });
    const gitCalls = calls.filter((c) => /git\.exe$/i.test(c.command));
    expect(new Set(gitCalls.map((c) => c.command))).toEqual(new Set([FORK_GIT]));
    expect(gitCalls.every((c) => c.env?.GIT_CONFIG_PARAMETERS === undefined)).toBe(true);
    expect(r.client).toEqual({
      id: 'fork',
      name: 'Fork',
      git: FORK_GIT,
      settingsFiles: [systemFile, 'C:/Users/ana/.gitconfig'],
    });
    const f = r.findings.find((x) => x.code === 'client-config-helper-first');
    expect(f?.explanation).toContain(`"manager" from ${systemFile}`);
    // No program inside a client's folder ran except its git.
    expect(calls.filter((c) => c.command.startsWith(L) && c.command !== FORK_GIT)).toEqual([]);
  });

  it('GitHub Desktop: its git.exe runs with Desktop’s reset and helper, and dugite’s exec-path', async () => {
    const calls: { command: string; env?: NodeJS.ProcessEnv }[] = [];
    const { ctx } = fakeInstall('win32', FILES, ENV, windowsGit('C:/Program Files/Git/etc/gitconfig', calls));
    const r = await runScan(ctx, {
      target: { kind: 'url', url: URL },
      offline: true,
      client: 'github-desktop',
    });
    const config = calls.find((c) => c.command === DESKTOP_GIT && c.env?.GIT_CONFIG_PARAMETERS);
    expect(config?.env?.GIT_CONFIG_PARAMETERS).toBe("'credential.helper=' 'credential.helper=desktop'");
    expect(config?.env?.GIT_EXEC_PATH).toBe(`${DESKTOP_ROOT}\\mingw64\\libexec\\git-core`);
    expect(config?.env?.Path ?? config?.env?.PATH).toMatch(
      /^C:\\Users\\ana\\AppData\\Local\\GitHubDesktop\\app-3\.4\.9\\resources\\app\\git\\cmd;/,
    );
    expect(r.findings.map((x) => x.code)).toContain('client-replaces-helpers');
    expect(r.client?.git).toBe(DESKTOP_GIT);
  });
});
