import { describe, expect, it } from 'vitest';
import { renderReport as renderHuman } from '../../electron/cli/human';
import { renderReport as renderShared } from '../../electron/engine/report';
import {
  describePathOrigin,
  parseMarkedEnv,
  startupEnvironment,
} from '../../electron/engine/login-shell-env';
import type { ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { replayRunner } from '../support/replay-runner';
import { listZ, replayedComputer } from '../support/replayed-computer';

// The desktop app on macOS, started from Finder: launchd gives it /usr/bin:/bin:/usr/sbin:/sbin
// (electron/electron #9047), so it reads the login shell's environment at start-up, the way
// shell-env does (`$SHELL -ilc` printing `env` between markers) but through the runner, with a
// time limit and a fallback (tests/fixtures/darwin/SOURCES.md). Replayed shells here; a real
// login shell in tests/integration/login-shell-env.test.ts.

const LAUNCHD_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const HOME = '/Users/ana';
const FINDER_ENV = { HOME, SHELL: '/bin/zsh', PATH: LAUNCHD_PATH, USER: 'ana' };
const PRINT_ENV =
  'echo _CODECOMMIT_DOCTOR_ENV_; command printenv PATH; echo _CODECOMMIT_DOCTOR_ENV_; command env; echo _CODECOMMIT_DOCTOR_ENV_; exit';
const SHELL_PATH = '/opt/homebrew/bin:/opt/homebrew/sbin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin';

/** What a zsh with chatty start-up files prints for `-ilc PRINT_ENV`. */
const ZSH_OUTPUT = [
  '\u001b[1;32mWelcome back, ana\u001b[0m',
  '_CODECOMMIT_DOCTOR_ENV_',
  SHELL_PATH,
  '_CODECOMMIT_DOCTOR_ENV_',
  `HOME=${HOME}`,
  `PATH=${SHELL_PATH}`,
  'AWS_PROFILE=dev',
  'AWS_REGION=us-east-2',
  // A value with a newline: its second line is not a variable of its own.
  'PROMPT_NOTE=first line',
  'PATH=/evil/only-a-continuation',
  'SHLVL=1',
  '_CODECOMMIT_DOCTOR_ENV_',
  '',
].join('\n');

describe('startupEnvironment (replayed shells)', () => {
  it('macOS: the login shell’s PATH and AWS_* variables, asked once with a time limit and Oh My Zsh kept quiet', async () => {
    const runner = replayRunner([
      { command: '/bin/zsh', args: ['-ilc', PRINT_ENV], result: { stdout: ZSH_OUTPUT } },
    ]);
    const r = await startupEnvironment({ platform: 'darwin', env: FINDER_ENV, home: HOME, runner });
    runner.assertDone();
    expect(r.origin).toEqual({ source: 'login-shell', shell: '/bin/zsh' });
    expect(r.env.PATH).toBe(SHELL_PATH);
    expect(r.env).toMatchObject({ AWS_PROFILE: 'dev', AWS_REGION: 'us-east-2', USER: 'ana' });
    // Only PATH and AWS_* are taken from the shell.
    expect(r.env.SHLVL).toBeUndefined();
    expect(runner.calls[0]?.options).toMatchObject({
      cwd: HOME,
      timeoutMs: 5000,
      env: { DISABLE_AUTO_UPDATE: 'true', ZSH_TMUX_AUTOSTART: 'false' },
    });
  });

  it('PATH comes from printenv, never from a line of env’s output that only looks like it', () => {
    const printed = parseMarkedEnv(ZSH_OUTPUT);
    expect(printed?.path).toBe(SHELL_PATH);
    // env's own output cannot tell a value's second line from a variable: it is not trusted for PATH.
    expect(printed?.vars.PATH).toBe('/evil/only-a-continuation');
    expect(printed?.vars.PROMPT_NOTE).toBe('first line');
    expect(parseMarkedEnv('PATH=/x\n')).toBeNull();
  });

  it('a shell that does not answer in time: the next one, then the usual folders in front, and the report says why', async () => {
    const runner = replayRunner([
      {
        command: '/usr/local/bin/fish',
        args: ['-ilc', PRINT_ENV],
        result: { exitCode: null, signal: 'SIGKILL', timedOut: true },
      },
      {
        command: '/bin/zsh',
        args: ['-ilc', PRINT_ENV],
        result: { exitCode: 1, stderr: 'zsh: read error\n' },
      },
    ]);
    const r = await startupEnvironment({
      platform: 'darwin',
      env: { ...FINDER_ENV, SHELL: '/usr/local/bin/fish' },
      home: HOME,
      runner,
    });
    runner.assertDone();
    expect(r.env.PATH).toBe(`/opt/homebrew/bin:/usr/local/bin:${HOME}/.local/bin:${LAUNCHD_PATH}`);
    expect(r.origin).toEqual({
      source: 'fallback',
      shell: '/usr/local/bin/fish',
      note: '/usr/local/bin/fish did not answer within 5 s; /bin/zsh exited with code 1',
    });
    expect(describePathOrigin(r.origin)).toContain(
      '/opt/homebrew/bin, /usr/local/bin and ~/.local/bin added',
    );
  });

  it('anywhere else (and for the CLI, started from a terminal): the process’s own, nothing run', async () => {
    const runner = replayRunner([]);
    const r = await startupEnvironment({
      platform: 'linux',
      env: { PATH: '/usr/bin' },
      home: '/home/a',
      runner,
    });
    expect(r).toEqual({ env: { PATH: '/usr/bin' }, origin: { source: 'process' } });
    runner.assertDone();
  });
});

// ── The whole scan the app runs after start-up ───────────────────────────────

const AWS_HELPER = '!aws codecommit credential-helper $@';
const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';

function mac(o: { env: NodeJS.ProcessEnv; files: string[]; xcodeSelect?: string | null }) {
  return replayedComputer({
    platform: 'darwin',
    home: HOME,
    env: {
      ...o.env,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
    files: o.files,
    answer(command, sub) {
      if (command === '/bin/zsh') return { stdout: ZSH_OUTPUT };
      if (command === '/usr/bin/xcode-select')
        return o.xcodeSelect ? { stdout: `${o.xcodeSelect}\n` } : { exitCode: 2, stdout: '' };
      if (command.endsWith('/aws'))
        return { stdout: 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 source/arm64\n' };
      if (!command.endsWith('/git')) return undefined;
      if (sub[0] === '--version') return { stdout: 'git version 2.44.0\n' };
      if (sub[0] === '--exec-path') return { stdout: '/opt/homebrew/opt/git/libexec/git-core\n' };
      if (sub[0] !== 'config') return undefined;
      return {
        stdout: listZ([
          ['global', `${HOME}/.gitconfig`, 'credential.helper', AWS_HELPER],
          ['global', `${HOME}/.gitconfig`, 'credential.usehttppath', 'true'],
        ]),
      };
    },
  });
}

const codes = (r: ScanReport) => r.findings.map((f) => f.code);

describe('the app started from Finder, after start-up (replayed Mac)', () => {
  const files = ['/usr/bin/git', '/opt/homebrew/bin/git', '/opt/homebrew/bin/aws'];

  it('diagnoses with the login shell’s PATH: Homebrew’s git and aws are found, and the report says where PATH came from', async () => {
    const shell = mac({ env: FINDER_ENV, files });
    const start = await startupEnvironment({
      platform: 'darwin',
      env: shell.ctx.env,
      home: HOME,
      runner: shell.ctx.runner,
    });
    const { ctx, calls } = mac({ env: start.env, files });
    const report = await runScan(
      { ...ctx, pathOrigin: start.origin },
      { target: { kind: 'url', url: URL }, offline: true },
    );
    expect(codes(report)).toEqual([]);
    expect(report.environment).toEqual({ path: SHELL_PATH, source: 'login-shell', shell: '/bin/zsh' });
    expect(new Set(calls.map((c) => c.command))).toEqual(
      new Set(['/opt/homebrew/bin/git', '/opt/homebrew/bin/aws', '/usr/bin/security']),
    );
  });

  it('with launchd’s PATH alone the same Mac reports aws missing (what the app said before reading the shell)', async () => {
    const { ctx } = mac({
      env: FINDER_ENV,
      files: [...files, '/Library/Developer/CommandLineTools/usr/bin/git'],
      xcodeSelect: '/Library/Developer/CommandLineTools',
    });
    const report = await runScan(ctx, { target: { kind: 'url', url: URL }, offline: true });
    expect(codes(report)).toContain('aws-cli-not-found');
    expect(report.environment).toEqual({ path: LAUNCHD_PATH, source: 'process' });
  });
});

describe("Apple's /usr/bin/git without Command Line Tools (replayed Mac)", () => {
  const onlyStub = { env: { HOME, PATH: LAUNCHD_PATH }, files: ['/usr/bin/git'] };

  it('xcode-select -p names no folder: git-not-found with xcode-select --install, and git is never run', async () => {
    const { ctx, calls } = mac({ ...onlyStub, xcodeSelect: null });
    const report = await runScan(ctx, { target: { kind: 'url', url: URL }, offline: true });
    expect(codes(report)).toEqual(['git-not-found']);
    const f = report.findings[0]!;
    expect(f.explanation).toContain("Apple's /usr/bin/git");
    expect(f.fixes.map((o) => o.description).join(' ')).toContain('xcode-select --install');
    expect(calls.map((c) => c.command).filter((c) => c !== '/usr/bin/security')).toEqual([
      '/usr/bin/xcode-select',
    ]);
    // Nothing else reports a missing helper for a git that is not there.
    expect(report.checks.find((c) => c.title === 'Credential helpers for CodeCommit')?.status).toBe(
      'skipped',
    );
  });

  it('xcode-select -p names a folder the tools were removed from (a macOS upgrade): the same', async () => {
    const { ctx, calls } = mac({ ...onlyStub, xcodeSelect: '/Library/Developer/CommandLineTools' });
    const report = await runScan(ctx, { target: { kind: 'url', url: URL }, offline: true });
    expect(codes(report)).toEqual(['git-not-found']);
    expect(report.findings[0]?.evidence).toContainEqual({
      kind: 'text',
      label: 'Command Line Tools',
      detail: '/Library/Developer/CommandLineTools',
    });
    expect(calls.some((c) => c.command === '/usr/bin/git')).toBe(false);
  });

  it('with the Command Line Tools installed the stub is git as usual', async () => {
    const { ctx, calls } = mac({
      env: { HOME, PATH: `/opt/homebrew/bin:${LAUNCHD_PATH}` },
      files: ['/usr/bin/git', '/Library/Developer/CommandLineTools/usr/bin/git', '/opt/homebrew/bin/aws'],
      xcodeSelect: '/Library/Developer/CommandLineTools',
    });
    const report = await runScan(ctx, { target: { kind: 'url', url: URL }, offline: true });
    expect(codes(report)).toEqual([]);
    expect(calls.some((c) => c.command === '/usr/bin/git')).toBe(true);
  });
});

describe('where the PATH came from, in what people read', () => {
  it('the CLI says it in verbose mode, the shareable report always (the home folder hidden on request)', async () => {
    const shell = mac({ env: FINDER_ENV, files: [] });
    const start = await startupEnvironment({
      platform: 'darwin',
      env: shell.ctx.env,
      home: HOME,
      runner: shell.ctx.runner,
    });
    const env = { ...start.env, PATH: `${HOME}/.local/bin:${start.env.PATH}` };
    const { ctx } = mac({ env, files: ['/opt/homebrew/bin/git', '/opt/homebrew/bin/aws'] });
    const report = await runScan(
      { ...ctx, pathOrigin: start.origin },
      { target: { kind: 'url', url: URL }, offline: true },
    );
    const line = `PATH (from your login shell (/bin/zsh), read when the app started): ${HOME}/.local/bin:${SHELL_PATH}`;
    expect(renderHuman(report, { verbose: true, ascii: true, width: 200 })).toContain(line);
    expect(renderHuman(report, { verbose: false, ascii: true, width: 200 })).not.toContain('PATH (from');
    const shared = renderShared(
      report,
      'markdown',
      { hideHome: true, hideAccounts: false, hideRepoNames: false },
      { home: HOME },
    );
    expect(shared).toContain(
      `- Programs looked for in: \`~/.local/bin:${SHELL_PATH}\` (PATH from your login shell (/bin/zsh), read when the app started)`,
    );
  });
});
