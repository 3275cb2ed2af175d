import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, FixOffer, ScanReport } from '../../electron/engine/model';
import { runScan } from '../../electron/engine/scan';
import { readFixture } from '../support/replay-runner';
import { listZ, replayedComputer, type Answer } from '../support/replayed-computer';

// Settings that hold for every user of the computer, as git lists them on a Mac and on
// Windows (tests/fixtures/git/SOURCES.md): Apple's own gitconfig (scope `unknown`), Git for
// Windows' system file, %PROGRAMDATA%\Git\config read by Git for Windows 2.23 — which has no
// --show-scope at all — and a Git client's own file. The interfering helper there must be
// named plainly, `system-scope-helper` must fire, and an administrator command must name the
// exact file: `git config --system` edits another one.

const GIT_FIX = path.resolve(__dirname, '..', 'fixtures', 'git');
const URL = 'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo';
const AWS_HELPER = '!aws codecommit credential-helper $@';
const AWS_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'us-east-2',
};

const scan = (ctx: Parameters<typeof runScan>[0], client?: 'fork') =>
  runScan(ctx, { target: { kind: 'url', url: URL }, offline: true, ...(client ? { client } : {}) });
const finding = (r: ScanReport, code: string) => r.findings.find((f) => f.code === code);
const adminArgv = (f: Finding | undefined) =>
  (f?.fixes ?? []).flatMap((o: FixOffer) => o.steps.flatMap((s) => (s.type === 'command' ? [s.argv] : [])));
const everyArgv = (r: ScanReport) =>
  r.findings.flatMap((f) => f.fixes.flatMap((o) => o.preview.flatMap((p) => p.argv ?? [])));

/** git (and the AWS CLI) answering on a replayed computer; `config` answers per arguments. */
function computer(o: {
  platform: 'darwin' | 'win32';
  git: string;
  aws: string;
  files?: string[];
  env: NodeJS.ProcessEnv;
  config: (sub: readonly string[]) => ReturnType<Answer>;
}) {
  const home = o.platform === 'win32' ? 'C:\\Users\\ana' : '/Users/ana';
  return replayedComputer({
    platform: o.platform,
    home,
    env: { ...(o.platform === 'win32' ? { USERPROFILE: home } : { HOME: home }), ...AWS_KEYS, ...o.env },
    files: [o.git, o.aws, ...(o.files ?? [])],
    answer(command, sub) {
      if (command === o.aws) return { stdout: 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64\n' };
      if (command === '/usr/bin/xcode-select') return { stdout: '/Library/Developer/CommandLineTools\n' };
      if (command !== o.git) return undefined;
      if (sub[0] === '--version') return { stdout: 'git version 2.39.5 (Apple Git-154)\n' };
      if (sub[0] === '--exec-path')
        return { stdout: '/Library/Developer/CommandLineTools/usr/libexec/git-core\n' };
      return sub[0] === 'config' ? o.config(sub) : undefined;
    },
  });
}

describe("Apple's own git settings (a replayed Mac with Command Line Tools)", () => {
  const APPLE = '/Library/Developer/CommandLineTools/usr/share/git-core/gitconfig';

  it('count as every user’s: named plainly, system-scope-helper fires, the admin command names that exact file', async () => {
    const { ctx } = computer({
      platform: 'darwin',
      git: '/usr/bin/git',
      aws: '/opt/homebrew/bin/aws',
      files: ['/Library/Developer/CommandLineTools/usr/bin/git'],
      env: { PATH: '/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin' },
      config: () => ({
        stdout: listZ([
          // Apple's patch has a scope of its own, which --show-scope prints as `unknown`.
          ['unknown', APPLE, 'credential.helper', 'osxkeychain'],
          ['unknown', APPLE, 'init.defaultbranch', 'main'],
          ['global', '/Users/ana/.gitconfig', 'credential.helper', AWS_HELPER],
          ['global', '/Users/ana/.gitconfig', 'credential.usehttppath', 'true'],
        ]),
      }),
    });
    const report = await scan(ctx);
    expect(report.findings.map((f) => f.code)).toEqual(['helper-shadowed', 'system-scope-helper']);
    const f = finding(report, 'system-scope-helper');
    expect(f?.explanation).toContain(
      `"osxkeychain" comes from Apple's git settings for every user of this Mac (${APPLE}), rewritten by Command Line Tools updates.`,
    );
    expect(adminArgv(f)).toEqual([
      ['sudo', 'git', 'config', '--file', APPLE, '--unset-all', 'credential.helper', '^osxkeychain$'],
    ]);
    expect(everyArgv(report)).not.toContain('--system');
  });
});

describe('Git for Windows: every all-users file git lists', () => {
  const GIT = 'C:\\Program Files\\Git\\cmd\\git.exe';
  const AWS = 'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe';
  const env = {
    Path: 'C:\\Program Files\\Git\\cmd;C:\\Program Files\\Amazon\\AWSCLIV2;C:\\Windows\\System32',
  };

  it('2.45: the admin command names C:/Program Files/Git/etc/gitconfig, never --system', async () => {
    const SYSTEM = 'C:/Program Files/Git/etc/gitconfig';
    const { ctx } = computer({
      platform: 'win32',
      git: GIT,
      aws: AWS,
      env,
      config: () => ({
        stdout: listZ([
          ['system', SYSTEM, 'credential.helper', 'manager'],
          ['global', 'C:/Users/ana/.gitconfig', 'credential.helper', AWS_HELPER],
          ['global', 'C:/Users/ana/.gitconfig', 'credential.usehttppath', 'true'],
        ]),
      }),
    });
    const report = await scan(ctx);
    const f = finding(report, 'system-scope-helper');
    expect(f?.explanation).toContain(
      `"manager" comes from git's settings for every user of this computer (${SYSTEM}).`,
    );
    expect(adminArgv(f)).toEqual([
      ['git', 'config', '--file', SYSTEM, '--unset-all', 'credential.helper', '^manager$'],
    ]);
    expect(everyArgv(report)).not.toContain('--system');
  });

  it('2.23 (no --show-scope, %PROGRAMDATA%\\Git\\config): read again without it, scopes from git, the ProgramData file named', async () => {
    const PROGRAM_DATA = 'C:\\ProgramData/Git/config';
    const ETC = 'C:/Program Files/Git/mingw64/etc/gitconfig';
    const GLOBAL = 'C:/Users/ana/.gitconfig';
    const rows = {
      programData: [PROGRAM_DATA, 'credential.helper', 'manager'],
      etc: [ETC, 'http.sslcainfo', 'C:/Program Files/Git/mingw64/ssl/certs/ca-bundle.crt'],
      helper: [GLOBAL, 'credential.helper', AWS_HELPER],
      path: [GLOBAL, 'credential.usehttppath', 'true'],
    } as const;
    /** `--list --show-origin -z` without a scope column, as git before 2.26 prints it. */
    const noScope = (list: (typeof rows)[keyof typeof rows][]) =>
      list.map(([file, key, value]) => `file:${file}\0${key}\n${value}\0`).join('');
    const { ctx, calls } = computer({
      platform: 'win32',
      git: GIT,
      aws: AWS,
      env,
      config(sub) {
        const args = sub.join(' ');
        if (args.includes('--show-scope'))
          return {
            exitCode: 129,
            stderr: readFixture(
              path.join(GIT_FIX, 'git-config-show-scope.unknown-option.git-2.25.githooks-issue98.stderr.txt'),
            ),
          };
        if (args === 'config --list --show-origin -z')
          return { stdout: noScope([rows.programData, rows.etc, rows.helper, rows.path]) };
        // `--system` lists etc\gitconfig only, never the ProgramData file (builtin/config.c).
        if (args === 'config --system --list --show-origin --includes -z')
          return { stdout: noScope([rows.etc]) };
        if (args === 'config --global --list --show-origin --includes -z')
          return { stdout: noScope([rows.helper, rows.path]) };
        return undefined;
      },
    });
    const report = await scan(ctx);
    expect(report.checks.filter((c) => c.status === 'error')).toEqual([]);
    expect(report.findings.map((f) => f.code)).toEqual(['helper-shadowed', 'system-scope-helper']);
    const f = finding(report, 'system-scope-helper');
    expect(f?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'config', scope: 'system', file: PROGRAM_DATA }),
    );
    expect(f?.explanation).toContain('which its installer rewrites');
    expect(adminArgv(f)).toEqual([
      ['git', 'config', '--file', PROGRAM_DATA, '--unset-all', 'credential.helper', '^manager$'],
    ]);
    expect(everyArgv(report)).not.toContain('--system');
    expect(calls.some((c) => c.args.includes('--show-scope'))).toBe(true);
  });

  it("Fork's own settings file: no administrator command for it (Fork's updates rewrite it), and it is not called every user's", async () => {
    const L = 'C:\\Users\\ana\\AppData\\Local';
    const FORK_GIT = `${L}\\Fork\\gitInstance\\2.45.2\\bin\\git.exe`;
    const FORK_FILE = 'C:/Users/ana/AppData/Local/Fork/gitInstance/2.45.2/etc/gitconfig';
    const { ctx } = computer({
      platform: 'win32',
      git: FORK_GIT,
      aws: AWS,
      files: [`${L}\\Fork\\Fork.exe`, GIT],
      env: { ...env, LOCALAPPDATA: L },
      config: () => ({
        stdout: listZ([
          ['system', FORK_FILE, 'credential.helper', 'manager'],
          ['global', 'C:/Users/ana/.gitconfig', 'credential.helper', AWS_HELPER],
          ['global', 'C:/Users/ana/.gitconfig', 'credential.usehttppath', 'true'],
        ]),
      }),
    });
    const report = await scan(ctx, 'fork');
    expect(report.findings.map((f) => f.code)).toEqual(['helper-shadowed', 'client-config-helper-first']);
    expect(report.findings.flatMap(adminArgv)).toEqual([]);
    expect(JSON.stringify(everyArgv(report))).not.toContain(FORK_FILE);
  });
});
