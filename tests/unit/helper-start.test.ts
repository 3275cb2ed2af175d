import { describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import type { ConfigEntry } from '../../electron/engine/model';
import { helperProgramKey, helperStartErrors, LIST_CMDS } from '../../electron/engine/probes/helper-start';
import type { RunResult } from '../../electron/engine/runner';

// Which helpers git cannot start, asked of git (`--list-cmds`) without starting any helper.

const entry = (value: string, order = 0): ConfigEntry => ({
  scope: 'global',
  originType: 'file',
  origin: '/h/.gitconfig',
  key: 'credential.helper',
  value,
  order,
});

function listing(stdout: string, exitCode = 0): RunResult {
  return {
    command: 'git',
    args: LIST_CMDS,
    exitCode,
    signal: null,
    stdout,
    stderr: '',
    timedOut: false,
    notFound: false,
    durationMs: 1,
  };
}

const GIT_LIST = 'add\ncredential\ncredential-cache\ncredential-store\n';

describe('helperStartErrors', () => {
  it('a name git does not list cannot start, in git’s words; listed ones (builtins, aliases, PATH) can', async () => {
    const ctx = createContext({ platform: 'linux', env: {}, isFile: async () => false });
    const calls: string[][] = [];
    const out = await helperStartErrors(
      ctx,
      [entry('manager'), entry('store --file /x'), entry('cache'), entry('osxkeychain')],
      { manager: null, store: null, cache: null, osxkeychain: null },
      async (args) => (calls.push(args), listing(`${GIT_LIST}credential-osxkeychain\n`)),
    );
    expect(out).toEqual({ manager: "git: 'credential-manager' is not a git command. See 'git --help'." });
    expect(calls).toEqual([LIST_CMDS]);
  });

  it('Windows: GCM in mingw64\\bin, which only git’s own PATH finds, is listed by git — not broken', async () => {
    const ctx = createContext({ platform: 'win32', env: {}, isFile: async () => false });
    const out = await helperStartErrors(ctx, [entry('manager')], { manager: null }, async () =>
      listing(`${GIT_LIST}Credential-Manager\r\n`.replace('credential\n', 'credential\r\n')),
    );
    expect(out).toEqual({});
  });

  it('says nothing on anything but git’s listing: an old git, a timeout, a runner that throws', async () => {
    const ctx = createContext({ platform: 'linux', env: {}, isFile: async () => false });
    const cfg = [entry('manager')];
    const old = { ...listing('', 129), stderr: 'unknown option: --list-cmds=builtins,main,others,alias' };
    expect(await helperStartErrors(ctx, cfg, { manager: null }, async () => old)).toEqual({});
    expect(
      await helperStartErrors(ctx, cfg, { manager: null }, async () => ({ ...listing(''), timedOut: true })),
    ).toEqual({});
    expect(
      await helperStartErrors(ctx, cfg, { manager: null }, async () => Promise.reject(new Error('no'))),
    ).toEqual({});
    // A listing without git's own `credential` command is not the listing asked for.
    expect(await helperStartErrors(ctx, cfg, { manager: null }, async () => listing('add\n'))).toEqual({});
  });

  it('git is not asked when every named helper was found as a file; an absolute path is checked as a file', async () => {
    const ctx = createContext({
      platform: 'linux',
      env: {},
      isFile: async (p) => p === '/usr/bin/git-credential-x',
    });
    let asked = 0;
    const out = await helperStartErrors(
      ctx,
      [
        entry('manager'),
        entry('/usr/bin/git-credential-x --flag'),
        entry('"/opt/gone/git-credential-manager"'),
        entry('!aws codecommit credential-helper $@'),
      ],
      { manager: '/usr/bin/git-credential-manager' },
      async () => (asked++, listing(GIT_LIST)),
    );
    expect(asked).toBe(0);
    expect(out).toEqual({
      '/opt/gone/git-credential-manager':
        '/opt/gone/git-credential-manager: not found (there is no such file)',
    });
  });

  it('helperProgramKey: the name or path a helper value starts, none for a shell command', () => {
    expect(helperProgramKey('manager')).toBe('manager');
    expect(helperProgramKey('store --file ~/.x')).toBe('store');
    expect(helperProgramKey('"C:/Program Files/Git/mingw64/bin/git-credential-manager.exe"')).toBe(
      'C:/Program Files/Git/mingw64/bin/git-credential-manager.exe',
    );
    expect(helperProgramKey('!aws codecommit credential-helper $@')).toBeNull();
    expect(helperProgramKey('')).toBeNull();
  });
});
