import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/engine/context';
import { probeGit, redactUrlSecrets } from '../../electron/engine/probes/git';
import { findOnPath } from '../../electron/engine/resolve-program';
import type { RunOptions, RunResult, Runner } from '../../electron/engine/runner';
import { realRunner } from '../../electron/engine/runner';

const sandbox = mkdtempSync(path.join(os.tmpdir(), 'ccd-git-probe-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const GLOBAL = path.join(sandbox, 'gitconfig');
const baseEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: sandbox,
  XDG_CONFIG_HOME: path.join(sandbox, 'xdg'),
  GIT_CONFIG_GLOBAL: GLOBAL,
  GIT_CONFIG_NOSYSTEM: '1',
  LANG: 'C',
};

writeFileSync(
  GLOBAL,
  [
    '[credential]',
    '\thelper = store --file /tmp/none',
    '\thelper = osxkeychain',
    '[credential "https://git-codecommit.*.amazonaws.com"]',
    '\thelper =',
    '\thelper = !aws codecommit credential-helper $@',
    '\tUseHttpPath = true',
    '[url "https://bob:hunter2@git-codecommit.us-east-1.amazonaws.com/"]',
    '\tinsteadOf = cc:',
    '[http]',
    '\textraHeader = Authorization: Bearer abc.def',
    '\tsslVerify = true',
    '[user]',
    '\tname = Someone',
    '[core]',
    '\teditor = vim',
    '',
  ].join('\n'),
);
const repo = path.join(sandbox, 'repo');
mkdirSync(repo);

async function git(args: string[], cwd: string) {
  return realRunner('git', args, { cwd, env: baseEnv, timeoutMs: 10_000 });
}

describe('probeGit against the real git', () => {
  it('finds git, its version and exec-path, and the settings that matter', async () => {
    await git(['init', '-q', '.'], repo);
    await git(
      [
        'remote',
        'add',
        'origin',
        'https://alice:s3cret@git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo',
      ],
      repo,
    );
    const ctx = createContext({ env: baseEnv, home: sandbox, cwd: sandbox, timeoutMs: 10_000 });
    const facts = await probeGit(ctx, { dir: repo });

    expect(facts.executables[0]?.path).toMatch(/\/git$/);
    expect(facts.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(facts.execPath).toBe('/usr/lib/git-core');
    expect(facts.configError).toBeUndefined();

    const keys = facts.config.map((e) => `${e.scope} ${e.key}=${String(e.value)}`);
    expect(keys).toEqual([
      'global credential.helper=store --file /tmp/none',
      'global credential.helper=osxkeychain',
      'global credential.https://git-codecommit.*.amazonaws.com.helper=',
      'global credential.https://git-codecommit.*.amazonaws.com.helper=!aws codecommit credential-helper $@',
      'global credential.https://git-codecommit.*.amazonaws.com.usehttppath=true',
      'global url.https://bob:***@git-codecommit.us-east-1.amazonaws.com/.insteadof=cc:',
      'global http.extraheader=***',
      'global http.sslverify=true',
      'local remote.origin.url=https://alice:***@git-codecommit.eu-west-1.amazonaws.com/v1/repos/demo',
    ]);
    const all = JSON.stringify(facts);
    for (const secret of ['hunter2', 's3cret', 'Bearer', 'abc.def']) expect(all).not.toContain(secret);
    // Orders keep git's reading order (user.name and others in between are dropped).
    expect(facts.config.map((e) => e.order)).toEqual(
      [...facts.config.map((e) => e.order)].sort((a, b) => a - b),
    );

    expect(facts.helperPrograms).toEqual({
      store: '/usr/lib/git-core/git-credential-store',
      osxkeychain: null,
    });
  });

  it('reads the home folder when no folder is given (no local settings)', async () => {
    const ctx = createContext({ env: baseEnv, home: sandbox, cwd: repo, timeoutMs: 10_000 });
    const facts = await probeGit(ctx, {});
    expect(facts.config.some((e) => e.scope === 'local')).toBe(false);
    expect(facts.config.length).toBeGreaterThan(0);
  });

  it('reports a config file git cannot parse with git’s own message', async () => {
    const broken = path.join(sandbox, 'broken.gitconfig');
    writeFileSync(broken, '[credential]\n\thelper = osxkeychain\n[broken\n');
    const env = { ...baseEnv, GIT_CONFIG_GLOBAL: broken };
    const facts = await probeGit(createContext({ env, home: sandbox, cwd: sandbox, timeoutMs: 10_000 }), {});
    expect(facts.configError).toBe(`fatal: bad config line 3 in file ${broken}`);
    expect(facts.config).toEqual([]);
    expect(facts.executables.length).toBeGreaterThan(0);
  });

  it('a git without --show-scope (before 2.26, exit 129): read again, every scope from git itself', async () => {
    // The real git behind a stand-in that rejects --show-scope as git 2.25 does
    // (tests/fixtures/git/git-config-show-scope.unknown-option.git-2.25.githooks-issue98.stderr.txt).
    const old = path.join(sandbox, 'old-git');
    mkdirSync(old, { recursive: true });
    const realGit = (await findOnPath(createContext({ env: baseEnv }), 'git'))[0];
    writeFileSync(
      path.join(old, 'git'),
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = --show-scope ] && { printf "error: unknown option \\\`show-scope'\\n" >&2; exit 129; }; done\nexec ${realGit} "$@"\n`,
      { mode: 0o755 },
    );
    const system = path.join(sandbox, 'system-gitconfig');
    const included = path.join(sandbox, 'included-gitconfig');
    writeFileSync(system, '[credential]\n\thelper = osxkeychain\n');
    writeFileSync(included, '[credential]\n\tUseHttpPath = true\n');
    const global = path.join(sandbox, 'old-global');
    writeFileSync(global, `[include]\n\tpath = ${included}\n[credential]\n\thelper = store\n`);
    const env: NodeJS.ProcessEnv = {
      ...baseEnv,
      PATH: `${old}:/usr/bin:/bin`,
      GIT_CONFIG_GLOBAL: global,
      GIT_CONFIG_SYSTEM: system,
    };
    delete env.GIT_CONFIG_NOSYSTEM;
    const facts = await probeGit(createContext({ env, home: sandbox, cwd: sandbox, timeoutMs: 10_000 }), {
      dir: repo,
    });
    expect(facts.configError).toBeUndefined();
    expect(facts.config.map((e) => `${e.scope} ${e.origin} ${e.key}`)).toEqual([
      `system ${system} credential.helper`,
      `global ${global} include.path`,
      `global ${included} credential.usehttppath`,
      `global ${global} credential.helper`,
      `local ${path.join(repo, '.git', 'config')} remote.origin.url`,
    ]);
  });

  it('returns no executables, without throwing, when git is not on PATH', async () => {
    const env = { ...baseEnv, PATH: path.join(sandbox, 'empty-bin') };
    const facts = await probeGit(createContext({ env, home: sandbox, cwd: sandbox }), {});
    expect(facts).toEqual({ executables: [], config: [], helperPrograms: {} });
  });
});

describe('probeGit replaying a Windows machine', () => {
  // Built from the real Git for Windows sample (tests/fixtures/git/...devops-36.txt),
  // re-emitted in the -z layout git 2.39 prints (captured on Linux, same code path).
  const z = [
    ['system', 'file:C:/Program Files/Git/etc/gitconfig', 'credential.helper\nmanager'],
    [
      'system',
      'file:C:/Program Files/Git/etc/gitconfig',
      'credential.https://dev.azure.com.usehttppath\ntrue',
    ],
    [
      'system',
      'file:C:/Program Files/Git/etc/gitconfig',
      'http.sslcainfo\nC:/Program Files/Git/mingw64/etc/ssl/certs/ca-bundle.crt',
    ],
    ['global', 'file:C:/Users/u3buh/.gitconfig', 'user.name\nmikhailk'],
    ['global', 'file:C:/Users/u3buh/.gitconfig', 'credential.helper\nmanager-core'],
  ]
    .map((r) => r.join('\0') + '\0')
    .join('');
  const calls: { command: string; args: readonly string[]; options?: RunOptions }[] = [];
  const reply = (stdout: string, exitCode = 0): Omit<RunResult, 'command' | 'args'> => ({
    exitCode,
    signal: null,
    stdout,
    stderr: '',
    timedOut: false,
    notFound: false,
    durationMs: 1,
  });
  const runner: Runner = (command, args, options) => {
    calls.push({ command, args, options });
    const r =
      args[0] === '--version'
        ? reply('git version 2.45.1.windows.1\n')
        : args[0] === '--exec-path'
          ? reply('C:/Program Files/Git/mingw64/libexec/git-core\n')
          : reply(z);
    return Promise.resolve({ command, args, ...r });
  };
  const files = new Set([
    'C:\\Program Files\\Git\\cmd\\git.exe',
    'C:\\Program Files\\Git\\mingw64\\libexec\\git-core\\git-credential-manager.exe',
  ]);

  it('resolves git.exe, helper programs in the exec-path, and passes env and timeout', async () => {
    const env = {
      Path: 'C:\\Program Files\\Git\\cmd;C:\\Windows\\system32',
      PATHEXT: '.COM;.EXE;.BAT;.CMD',
      USERPROFILE: 'C:\\Users\\u3buh',
    };
    const ctx = createContext({
      platform: 'win32',
      env,
      runner,
      timeoutMs: 1234,
      isFile: (p) => Promise.resolve(files.has(p)),
    });
    const facts = await probeGit(ctx, { dir: 'C:\\src\\repo' });
    expect(facts.executables).toEqual([{ path: 'C:\\Program Files\\Git\\cmd\\git.exe' }]);
    expect(facts.version).toBe('2.45.1.windows.1');
    expect(facts.execPath).toBe('C:\\Program Files\\Git\\mingw64\\libexec\\git-core');
    expect(facts.config.map((e) => e.key)).toEqual([
      'credential.helper',
      'credential.https://dev.azure.com.usehttppath',
      'http.sslcainfo',
      'credential.helper',
    ]);
    expect(facts.helperPrograms).toEqual({
      manager: 'C:\\Program Files\\Git\\mingw64\\libexec\\git-core\\git-credential-manager.exe',
      'manager-core': null,
    });
    const cfg = calls.find((c) => c.args.includes('config'));
    expect(cfg?.command).toBe('C:\\Program Files\\Git\\cmd\\git.exe');
    // git is told the folder with -C and started from System32, never from the repository.
    expect(cfg?.args).toEqual([
      '-C',
      'C:\\src\\repo',
      'config',
      '--list',
      '--show-origin',
      '--show-scope',
      '-z',
    ]);
    expect(cfg?.options).toMatchObject({ cwd: 'C:\\Windows\\System32', timeoutMs: 1234, env });
    expect(calls.every((c) => c.options?.cwd === 'C:\\Windows\\System32')).toBe(true);
  });

  it('turns a timed-out config read into configError', async () => {
    const slow: Runner = (command, args) =>
      Promise.resolve({
        command,
        args,
        ...reply(''),
        exitCode: args.includes('config') ? null : 0,
        timedOut: args.includes('config'),
      });
    const ctx = createContext({
      platform: 'win32',
      env: { Path: 'C:\\Program Files\\Git\\cmd' },
      runner: slow,
      isFile: (p) => Promise.resolve(files.has(p)),
    });
    const facts = await probeGit(ctx, {});
    expect(facts.configError).toMatch(/did not finish in time/);
  });
});

describe('redactUrlSecrets', () => {
  it('masks passwords in URLs, leaves the rest', () => {
    expect(redactUrlSecrets('https://u:secret@h/x')).toBe('https://u:***@h/x');
    expect(redactUrlSecrets('url.https://a:b@c.com/.insteadof')).toBe('url.https://a:***@c.com/.insteadof');
    expect(redactUrlSecrets('https://u@h/x')).toBe('https://u@h/x');
    expect(redactUrlSecrets('https://github.com/x')).toBe('https://github.com/x');
    expect(
      readFileSync(path.join(__dirname, '../fixtures/git/git-config-list-z.bad-config.stderr.txt'), 'utf8'),
    ).toMatch(/^fatal: bad config line 3/);
  });
});
