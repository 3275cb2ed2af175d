import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, ScanReport, StoreEntry } from '../../electron/engine/model';
import type { Recording } from '../../electron/engine/recording/format';
import { replayContext } from '../../electron/engine/recording/replay';
import { runScan } from '../../electron/engine/scan';
import { loadRecording, readRecording, RECORDINGS, replayRecording } from '../support/recording';

// Issue 11, items 1–8, each on a whole macOS or Windows computer replayed from its recording
// (tests/fixtures/recordings/<os>/, the `diagnose --record` format; each recording's `note`
// names the SOURCES.md entries its outputs come from). Each test says what the recording
// shows — findings, and the exact commands the plans show — and, in a comment, which change
// to the engine brings back the old wrong behaviour and makes it fail.

const codes = (r: ScanReport) => r.findings.map((f) => f.code);
const finding = (r: ScanReport, code: string) => r.findings.find((f) => f.code === code);
const check = (r: ScanReport, id: string) => r.checks.find((c) => c.id === id);
/** Each offer of `kind`, as the list of argv its preview shows. */
const argvOf = (f: Finding | undefined, kind: 'fix' | 'suggestion') =>
  (f?.fixes ?? []).filter((o) => o.kind === kind).map((o) => o.preview.map((p) => p.argv));
const everyArgv = (r: ScanReport) =>
  r.findings.flatMap((f) => f.fixes.flatMap((o) => o.preview.flatMap((p) => p.argv ?? [])));
const entries = (f: Finding | undefined): StoreEntry[] =>
  (f?.evidence ?? []).flatMap((e) => (e.kind === 'store-entry' ? [e.entry] : []));

/** The recorded scan replayed, with every program run the engine asked for. */
async function replayWithCalls(file: string | Recording) {
  const ctx = typeof file === 'string' ? loadRecording(file) : replayContext(file);
  const { target, offline } = ctx.replay.recording.scan;
  const report = await runScan(ctx, { target, offline });
  return { report, calls: ctx.replay.calls, notRecorded: ctx.replay.notRecorded };
}

const AWS_HELPER = '!aws codecommit credential-helper $@';
const US_EAST_2 = 'credential.https://git-codecommit.us-east-2.amazonaws.com';

describe('darwin/finder-login-shell-path.json: the app started from Finder (item 1)', () => {
  // The login shell is read by the app at start-up, before any scan (login-shell-env.ts,
  // tested with replayed shells in login-shell-env.test.ts): a recording holds the scan, so
  // it holds the environment as resolved — the login shell's PATH and AWS_* — and where it
  // came from (`pathOrigin`).
  const SHELL_PATH = '/opt/homebrew/bin:/opt/homebrew/sbin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin';

  it("scans with the login shell's PATH and profile: Homebrew's git and aws, nothing to report, and the report says where PATH came from", async () => {
    const { report, calls } = await replayWithCalls('darwin/finder-login-shell-path.json');
    expect(codes(report)).toEqual([]);
    expect(report.environment).toEqual({ path: SHELL_PATH, source: 'login-shell', shell: '/bin/zsh' });
    expect(new Set(calls.map((c) => c.command))).toEqual(
      new Set(['/opt/homebrew/bin/git', '/opt/homebrew/bin/aws', '/usr/bin/security']),
    );
    expect(check(report, 'aws-profile')?.status).toBe('pass');
  });

  it("the old behaviour: the same Mac with launchd's environment (what the app scanned with before reading the shell) runs Apple's git, finds no aws and no profile", async () => {
    // Mutation: main/index.ts creating the context with the process's env (no
    // startupEnvironment). Apple's /usr/bin/git (with its Command Line Tools) is made to answer
    // as Homebrew's does, so only the environment differs.
    const { pathOrigin: _origin, ...rec } = readRecording(
      path.join(RECORDINGS, 'darwin/finder-login-shell-path.json'),
    );
    const homebrewGit = rec.commands.filter((c) => c.command === '/opt/homebrew/bin/git');
    const { report, calls } = await replayWithCalls({
      ...rec,
      env: { HOME: rec.home, USER: 'nicolas', SHELL: '/bin/zsh', PATH: '/usr/bin:/bin:/usr/sbin:/sbin' },
      isFile: { ...rec.isFile, '/Library/Developer/CommandLineTools/usr/bin/git': true },
      commands: [
        ...rec.commands,
        ...homebrewGit.map((c) => ({ ...c, command: '/usr/bin/git' })),
        {
          command: '/usr/bin/xcode-select',
          args: ['-p'],
          exitCode: 0,
          stdout: '/Library/Developer/CommandLineTools\n',
          stderr: '',
        },
      ],
    });
    expect(codes(report)).toContain('aws-cli-not-found');
    expect(report.environment).toEqual({ path: '/usr/bin:/bin:/usr/sbin:/sbin', source: 'process' });
    expect(calls.some((c) => c.command === '/usr/bin/git')).toBe(true);
  });
});

describe('darwin/keychain-three-repositories.json: one Keychain item per repository (item 2)', () => {
  const HOST = 'git-codecommit.eu-west-1.amazonaws.com';
  const LOGIN = '/Users/dl/Library/Keychains/login.keychain-db';
  const del = (repo: string) => [
    'security',
    'delete-internet-password',
    '-s',
    HOST,
    '-a',
    'AKIAIOSFODNN7EXAMPLE',
    '-r',
    'htps',
    '-P',
    '443',
    '-p',
    `v1/repos/${repo}`,
    LOGIN,
  ];

  it('lists all three, each with its repository, and one fix deletes exactly those three (never github.com)', async () => {
    // Mutation: the listing or the planner keyed by host and account only (the old collapse):
    // one entry, one delete step, and `-p` missing from its argv.
    const r = await replayRecording('darwin/keychain-three-repositories.json');
    expect(codes(r)).toEqual(['cached-codecommit-credentials']);
    const f = finding(r, 'cached-codecommit-credentials');
    expect(entries(f).map((e) => [e.location, e.path, e.account])).toEqual([
      [LOGIN, 'v1/repos/demo', 'AKIAIOSFODNN7EXAMPLE'],
      [LOGIN, 'v1/repos/infra', 'AKIAIOSFODNN7EXAMPLE'],
      [LOGIN, 'v1/repos/web', 'AKIAIOSFODNN7EXAMPLE'],
    ]);
    expect(argvOf(f, 'fix')).toEqual([[del('demo'), del('infra'), del('web')]]);
    expect(JSON.stringify(everyArgv(r))).not.toContain('github.com');
    // Every keychain of the search list was read (the empty System keychain on its own).
    expect(check(r, 'stores')?.message).toBeUndefined();
  });
});

describe("darwin/apple-builtin-config.json: Apple's own git settings (item 3)", () => {
  const APPLE = '/Library/Developer/CommandLineTools/usr/share/git-core/gitconfig';

  it('count as every user’s: named plainly, system-scope-helper fires, and the admin command edits that exact file with sudo', async () => {
    // Mutation: all-users scopes without `unknown` (checks/all-users.ts) — system-scope-helper
    // never fires and no administrator command is offered.
    const r = await replayRecording('darwin/apple-builtin-config.json');
    expect(codes(r)).toEqual(['helper-shadowed', 'system-scope-helper']);
    const f = finding(r, 'system-scope-helper');
    expect(f?.explanation).toContain(
      `"osxkeychain" comes from Apple's git settings for every user of this Mac (${APPLE}), rewritten by Command Line Tools updates.`,
    );
    expect(argvOf(f, 'suggestion')).toEqual([
      [['sudo', 'git', 'config', '--file', APPLE, '--unset-all', 'credential.helper', '^osxkeychain$']],
    ]);
    // The user's own fix: a reset for the host in ~/.gitconfig.
    expect(argvOf(f, 'fix')).toEqual([
      [
        ['git', 'config', '--file', '/Users/nicolas/.gitconfig', '--add', `${US_EAST_2}.helper`, ''],
        ['git', 'config', '--file', '/Users/nicolas/.gitconfig', '--add', `${US_EAST_2}.helper`, AWS_HELPER],
        [
          'git',
          'config',
          '--file',
          '/Users/nicolas/.gitconfig',
          '--replace-all',
          `${US_EAST_2}.UseHttpPath`,
          'true',
        ],
      ],
    ]);
    expect(everyArgv(r)).not.toContain('--system');
  });
});

describe('darwin/locked-keychain.json: dump-keychain stops at a locked keychain (item 8)', () => {
  it('what was printed is listed and offered for deletion; the locked keychain is named, so the check warns instead of passing', async () => {
    // Mutations: keychain-read.ts readKeychains not noting a re-read that stopped
    // (`else if (one.stopped) unread.set(...)` removed) — the check passes as if the System
    // keychain had been read; or LOCKED_RE not matching — the reason loses "locked" and what to do.
    const r = await replayRecording('darwin/locked-keychain.json');
    expect(codes(r)).toEqual(['cached-codecommit-credentials']);
    expect(entries(finding(r, 'cached-codecommit-credentials')).map((e) => e.path)).toEqual([
      'v1/repos/demo',
      'v1/repos/infra',
      'v1/repos/web',
    ]);
    const stores = check(r, 'stores');
    expect(stores?.status).toBe('warn');
    expect(stores?.message).toContain(
      '/Library/Keychains/System.keychain was not read in full: security dump-keychain /Library/Keychains/System.keychain failed: the keychain is locked ("User interaction is not allowed"): unlock it (Keychain Access, or security unlock-keychain) and scan again',
    );
  });
});

describe('darwin/truncated-dump.json: a listing cut at the runner’s cap (item 8)', () => {
  it('says which keychain was not read in full and why — never "no stale passwords"', async () => {
    // Mutation: keychain-read.ts readOne without its `r.truncated` branch — the cut re-read
    // exits 0, counts as complete, and the check passes. (And a recording without
    // `truncated` replayed the same pass: recording-gaps.test.ts.)
    const r = await replayRecording('darwin/truncated-dump.json');
    const stores = check(r, 'stores');
    expect(stores?.status).toBe('error');
    expect(stores?.message).toContain(
      '/Users/jared/Library/Keychains/escaping_the_cloud.keychain was not read in full: security dump-keychain /Users/jared/Library/Keychains/escaping_the_cloud.keychain printed more than the 8 MiB the doctor reads; what came after was not read',
    );
  });
});

describe('Git Credential Manager in mingw64\\bin, asked of git (item 4)', () => {
  it('win32/gfw-2.45-gcm-in-mingw64.json: git says manager-core is gone and manager runs — gcm-old-name, and the rename is offered', async () => {
    // Mutation: probes/git.ts gcmCommands not asking `git credential-manager --version`
    // (manager undefined): the evidence loses git's answer and the rename is offered on a guess.
    const { report, calls } = await replayWithCalls('win32/gfw-2.45-gcm-in-mingw64.json');
    expect(codes(report)).toEqual(['gcm-old-name']);
    const f = finding(report, 'gcm-old-name');
    expect(f?.evidence).toContainEqual({
      kind: 'text',
      label: 'What git answers',
      detail: 'git credential-manager-core: is not a git command; git credential-manager: runs',
    });
    expect(argvOf(f, 'suggestion')).toEqual([
      [
        [
          'git',
          'config',
          '--file',
          'C:/Users/ana/.gitconfig',
          '--replace-all',
          'credential.helper',
          'manager',
          '^manager-core$',
        ],
      ],
    ]);
    // Git was asked, never the exec-path searched for a file that is not there.
    expect(calls.filter((c) => c.args.includes('help.autocorrect=0')).map((c) => c.args.slice(-2))).toEqual(
      expect.arrayContaining([
        ['credential-manager-core', '--version'],
        ['credential-manager', '--version'],
      ]),
    );
  });

  it('win32/gfw-2.36.1-manager-core-only.json: GCM 2.0.696 answers only to manager-core — nothing to report, no rename that would break it', async () => {
    // Mutation (the old behaviour): checks/credential-helpers.ts oldNameIsGone looking for
    // git-credential-manager-core.exe in the exec-path (`!git.helperPrograms['manager-core']`):
    // gcm-old-name fires and offers the rename to `manager`, which git cannot run here.
    const r = await replayRecording('win32/gfw-2.36.1-manager-core-only.json');
    expect(codes(r)).toEqual([]);
    expect(check(r, 'helpers')?.status).toBe('pass');
  });
});

describe('win32/gfw-2.23-programdata-config.json: Git for Windows 2.23 and C:/ProgramData/Git/config (item 3)', () => {
  const PROGRAM_DATA = 'C:\\ProgramData/Git/config';

  it('--show-scope is refused (129): read again without it; the ProgramData file counts as every user’s and the admin command names it', async () => {
    // Mutation: probes/git.ts rejectsShowScope always false — the git check fails on the usage
    // error and no helper is shown at all.
    const { report, calls } = await replayWithCalls('win32/gfw-2.23-programdata-config.json');
    expect(report.checks.filter((c) => c.status === 'error')).toEqual([]);
    expect(codes(report)).toEqual(['helper-shadowed', 'system-scope-helper']);
    const f = finding(report, 'system-scope-helper');
    expect(f?.evidence).toEqual([
      expect.objectContaining({ kind: 'config', scope: 'system', file: PROGRAM_DATA }),
    ]);
    expect(argvOf(f, 'suggestion')).toEqual([
      [['git', 'config', '--file', PROGRAM_DATA, '--unset-all', 'credential.helper', '^manager$']],
    ]);
    expect(everyArgv(report)).not.toContain('--system');
    expect(calls.map((c) => c.args.slice(2).join(' ')).filter((a) => a.startsWith('config'))).toEqual([
      'config --list --show-origin --show-scope -z',
      'config --list --show-origin -z',
      'config --system --list --show-origin --includes -z',
      'config --global --list --show-origin --includes -z',
    ]);
  });
});

describe('win32/planted-cmdkey.json: programs planted in the scanned clone (item 5)', () => {
  const REPO = 'C:\\src\\demo';
  const SYS32 = 'C:\\Windows\\System32';

  it('git, cmdkey and aws start by their full paths from System32, never from the repository', async () => {
    // Mutations: probes/git.ts without `cwd: safeWindowsCwd` (git runs in the clone: its runs
    // are not the recorded ones); win32/credential-manager.ts starting `cmdkey` by its bare
    // name (libuv would run C:\src\demo\cmdkey.exe).
    const { report, calls, notRecorded } = await replayWithCalls('win32/planted-cmdkey.json');
    expect(notRecorded).toEqual([]);
    expect(codes(report)).toEqual([]);
    expect(report.targets.map((t) => t.display)).toEqual([
      'https://git-codecommit.us-east-2.amazonaws.com/v1/repos/demo',
    ]);
    expect(new Set(calls.map((c) => c.command))).toEqual(
      new Set([
        'C:\\Program Files\\Git\\cmd\\git.exe',
        'C:\\Program Files\\Amazon\\AWSCLIV2\\aws.exe',
        `${SYS32}\\cmdkey.exe`,
      ]),
    );
    expect(calls.filter((c) => c.options?.cwd !== SYS32)).toEqual([]);
    expect(calls.filter((c) => c.command.toLowerCase().startsWith(REPO.toLowerCase()))).toEqual([]);
  });
});

describe('win32/aws-cmd-only.json: an aws.cmd-only install, outside Amazon\\AWSCLI (item 6)', () => {
  const CMD = 'C:\\Users\\foobar\\workspace\\programs\\awscli\\bin\\aws.cmd';
  const KEY = 'credential.https://git-codecommit.us-east-2.amazonaws.com';

  it("git's sh cannot start it: aws-cli-cmd-only, and the fix names that aws.cmd by its full path", async () => {
    // Mutation: probes/aws-cli.ts finding `aws` with PATHEXT (as cmd.exe does) instead of as
    // sh does — aws.cmd counts as found and nothing is reported.
    const r = await replayRecording('win32/aws-cmd-only.json');
    expect(codes(r)).toEqual(['aws-cli-cmd-only']);
    const f = finding(r, 'aws-cli-cmd-only');
    expect(f?.evidence).toContainEqual({
      kind: 'program',
      name: 'aws',
      path: CMD,
      version: 'aws-cli/1.16.80 Python/3.6.0 Windows/10 botocore/1.12.70',
    });
    const file = 'C:/Users/foobar/.gitconfig';
    expect(argvOf(f, 'fix')).toEqual([
      [
        ['git', 'config', '--file', file, '--add', `${KEY}.helper`, ''],
        [
          'git',
          'config',
          '--file',
          file,
          '--add',
          `${KEY}.helper`,
          '!"C:/Users/foobar/workspace/programs/awscli/bin/aws.cmd" codecommit credential-helper $@',
        ],
        ['git', 'config', '--file', file, '--replace-all', `${KEY}.UseHttpPath`, 'true'],
      ],
    ]);
  });
});

describe('win32/gcm-namespace-plaintext-store.json: GCM with a namespace and the plaintext store (item 7)', () => {
  const FILE =
    'C:\\Users\\ana\\.gcm\\store\\work\\https\\git-codecommit.us-east-2.amazonaws.com\\v1\\repos\\demo\\AKIAIOSFODNN7EXAMPLE.credential';

  it("the work/ tree is listed (present, not read) and one fix deletes that file only, never github.com's", async () => {
    // Mutation: platform/common/gcm-settings.ts ignoring credential.namespace (always `git`):
    // the plaintext tree is looked for under git/ and the stale file is never found.
    const r = await replayRecording('win32/gcm-namespace-plaintext-store.json');
    expect(codes(r)).toEqual(['cached-codecommit-credentials']);
    const f = finding(r, 'cached-codecommit-credentials');
    expect(entries(f).map((e) => [e.store, e.namespace, e.path, e.account, e.location])).toEqual([
      ['gcm-plaintext', 'work', 'v1/repos/demo', 'AKIAIOSFODNN7EXAMPLE', FILE],
    ]);
    expect(f?.fixes.find((o) => o.kind === 'fix')?.preview[0]?.description).toContain('present, not read');
    expect(argvOf(f, 'fix')).toEqual([[['del', FILE]]]);
  });
});
